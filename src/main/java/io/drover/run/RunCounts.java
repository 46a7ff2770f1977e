package io.drover.run;

import io.drover.log.ItemOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Live counts of one run's outcomes; the submitter waits on it until every submitted item has an outcome. */
public final class RunCounts {

    private final Instant startedAt = Instant.now();
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger migrated = new AtomicInteger();
    private final AtomicInteger unchanged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dryRun = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger notFound = new AtomicInteger();
    private volatile boolean abandoned;
    private volatile java.util.function.Consumer<ItemOutcome> listener = outcome -> { };

    /** Called with every outcome as it arrives (to print dry-run diffs, collect failures …). */
    public void onOutcome(java.util.function.Consumer<ItemOutcome> listener) {
        this.listener = listener;
    }

    /** Stops waiting: the run ends before all submitted items have an outcome. */
    public synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    public void submitted() {
        submitted.incrementAndGet();
    }

    synchronized void add(ItemOutcome outcome) {
        switch (outcome.status()) {
            case MIGRATED -> migrated.incrementAndGet();
            case UNCHANGED -> unchanged.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case DRY_RUN -> dryRun.incrementAndGet();
            case REJECTED -> rejected.incrementAndGet();
            case NOT_FOUND -> notFound.incrementAndGet();
        }
        listener.accept(outcome);
        notifyAll();
    }

    /** Waits until every submitted item has an outcome; false when interrupted first. */
    public synchronized boolean awaitAll() {
        while (done() < submitted.get() && !abandoned) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !abandoned;
    }

    public int done() {
        return migrated.get() + unchanged.get() + failed.get() + dryRun.get() + rejected.get() + notFound.get();
    }

    public int submittedCount() {
        return submitted.get();
    }

    public int migrated() {
        return migrated.get();
    }

    public int unchanged() {
        return unchanged.get();
    }

    public int failed() {
        return failed.get();
    }

    public int rejected() {
        return rejected.get();
    }

    /** Items asked for by id that the source does not have. */
    public int notFound() {
        return notFound.get();
    }

    /**
     * True when an item failed, was rejected or was asked for but is not in the source: the run then ends
     * FAILED (exit code 1), since it did not do all it was asked to.
     */
    public boolean hasFailures() {
        return failed() + rejected() + notFound() > 0;
    }

    public int dryRun() {
        return dryRun.get();
    }

    public Duration elapsed() {
        return Duration.between(startedAt, Instant.now());
    }

    public double itemsPerSecond() {
        double seconds = Math.max(elapsed().toMillis(), 1) / 1000.0;
        return done() / seconds;
    }
}
