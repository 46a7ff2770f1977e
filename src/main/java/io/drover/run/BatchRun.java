package io.drover.run;

import io.drover.DroverConfigException;
import io.drover.Plural;
import io.drover.config.DroverBeans;
import io.drover.log.ItemOutcome;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemPipeline;
import io.drover.pipeline.ItemStatus;
import io.drover.target.ItemDiff;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelContext;

/**
 * One `drover migrate` run: takes the migration's run lock, records the run, sends the selected ids to
 * the item queue endpoint, waits for every outcome and prints the summary.
 */
public final class BatchRun {

    private static final int FAILURES_SHOWN = 20;

    private final CamelContext context;
    private final DroverBeans beans;
    private final PrintStream out;
    private volatile boolean stopRequested;
    private volatile String lockLost;
    private volatile RunCounts counts;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    private final int chunkSize;
    private boolean checked;
    private ItemDispatch dispatch;

    public BatchRun(CamelContext context, DroverBeans beans, PrintStream out) {
        this(context, beans, out, 0);
    }

    /** @param chunkSize items per chunk in bulk mode (drover.bulk.queue.uri); 0 sends ids one by one (drover.queue.uri) */
    public BatchRun(CamelContext context, DroverBeans beans, PrintStream out, int chunkSize) {
        this.context = context;
        this.beans = beans;
        this.out = out;
        this.chunkSize = chunkSize;
    }

    /**
     * Skips the start-up checks of the migration ({@link #check}): its caller ran them already, for every
     * migration before the first item (a plan). Each check reads both databases' catalogs: done once, not twice.
     */
    public BatchRun checked() {
        this.checked = true;
        return this;
    }

    /**
     * Sends the ids to workers elsewhere instead of this process's item queue (`migrate --distributed`);
     * the run is locked, recorded, counted and summed up as ever.
     */
    public BatchRun dispatchedBy(ItemDispatch dispatch) {
        this.dispatch = dispatch;
        return this;
    }

    /** The checks a run makes before any item: the migration's own, and whether bulk mode can load it by pages. */
    public static void check(DroverBeans beans, Migration migration, int chunkSize) {
        if (chunkSize > 0 && migration.isTablesThenApi()) {
            throw new DroverConfigException("migration '" + migration.name() + "' writes tables and then calls an API for"
                    + " each item: --bulk does not take that yet; drop --bulk");
        }
        beans.validate(migration);
        if (chunkSize > 0) {
            beans.loader().validatePages(migration); // bulk mode that cannot load pages is refused, not slowed down
        }
    }

    /** The outcome of a run: its id, its counts and whether it was stopped before its end. */
    public record Result(UUID runId, RunCounts counts, boolean interrupted) {
        public boolean succeeded() {
            return !interrupted && !counts.hasFailures();
        }
    }

    public Result run(String migrationName, ItemSelection selection, boolean dryRun, boolean force, String arguments) {
        try {
            return runLocked(migrationName, selection, dryRun, force, arguments);
        } finally {
            finished.countDown();
        }
    }

    private Result runLocked(String migrationName, ItemSelection selection, boolean dryRun, boolean force, String arguments) {
        Migration migration = beans.catalog().get(migrationName);
        if (!checked) {
            check(beans, migration, chunkSize);
        }
        if (migration.isApi() && !dryRun) {
            beans.apiWriter().signIn(migration); // OAuth2: a refused client stops the run before any item; a dry run calls nothing
        }
        try (RunLock lock = lock(migration)) {
            lock.onLost(reason -> {
                // the run cannot prove it is the only one any more: no further item starts
                lockLost = reason;
                requestStop();
                abandonWaiting();
            });
            UUID runId = beans.recorder().start(migration.name(), arguments);
            beans.recorder().closeAbandoned(migration.name(), runId, true);
            RunCounts counts = beans.tracker().open(runId);
            this.counts = counts;
            try {
                return migrate(migration, selection, dryRun, force, runId, counts);
            } catch (RuntimeException e) {
                // a run that ends by an error (its ids unreadable, a pass before the items failed) is recorded
                // FAILED with what it did, never left RUNNING
                try {
                    beans.recorder().finish(runId, counts, "FAILED");
                    beans.tracker().close(runId);
                } catch (RuntimeException recording) {
                    e.addSuppressed(recording);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DroverConfigException("cannot take the run lock of migration '" + migrationName + "': " + e.getMessage(), e);
        }
    }

    private Result migrate(Migration migration, ItemSelection selection, boolean dryRun, boolean force, UUID runId, RunCounts counts) {
        List<ItemOutcome> failures = new ArrayList<>();
        Progress progress = progress(migration, selection);
        java.util.Map<String, Integer> broken = new java.util.concurrent.ConcurrentHashMap<>();
        counts.onOutcome(outcome -> {
            progress.step();
            report(outcome, dryRun, failures);
            countBrokenRules(outcome, broken);
        });
        out.printf("Migrating %s (run %s)%s%n", migration.name(), runId, dryRun ? " as a dry run: nothing is written"
                : chunkSize > 0 ? " in bulk mode, " + chunkSize + " items per chunk" : "");

        long claimed = new UniqueClaimsPass(beans).run(migration, selection, () -> stopRequested);
        if (claimed > 0) {
            out.printf("Registered the unique values of %s first, so the lowest id keeps each value%n", Plural.of(claimed, "item"));
        }
        Map<String, Object> headers = Map.of(ItemPipeline.MIGRATION, migration.name(), ItemPipeline.RUN_ID,
                runId.toString(), ItemPipeline.FORCE, force, ItemPipeline.DRY_RUN, dryRun);
        boolean complete = dispatch != null ? dispatchAndAwait(migration, selection, headers, runId, counts)
                : feedAndAwait(migration, selection, headers, counts);
        progress.close();
        boolean interrupted = stopRequested || !complete;
        String status = interrupted ? "INTERRUPTED" : counts.hasFailures() ? "FAILED" : "SUCCEEDED";
        beans.recorder().finish(runId, counts, status);
        beans.recorder().qualityResults(runId, migration.name(), broken);
        beans.tracker().close(runId);
        RunSummary.print(out, migration.name(), runId, counts, status, failures);
        if (lockLost != null) {
            out.printf("Run %s stopped: %s. Items in flight finished; run again to finish the rest.%n", runId, lockLost);
        }
        return new Result(runId, counts, interrupted);
    }

    private boolean feedAndAwait(Migration migration, ItemSelection selection, Map<String, Object> headers, RunCounts counts) {
        ItemFeeder feeder = new ItemFeeder(context, beans);
        feeder.feed(migration, selection, headers, counts, chunkSize, () -> stopRequested);
        Throwable feedFailure = feeder.failure();
        if (feedFailure != null) {
            throw new IllegalStateException("reading the ids of migration '" + migration.name() + "' failed after "
                    + counts.submittedCount() + " ids: " + feedFailure.getMessage(), feedFailure);
        }
        // on SIGTERM this returns once Camel has let the items in flight finish (abandonWaiting)
        return counts.awaitAll();
    }

    /** The distributed mode: the outcomes are followed from the start, since workers may log them before the last id is sent. */
    private boolean dispatchAndAwait(Migration migration, ItemSelection selection, Map<String, Object> headers, UUID runId,
                                     RunCounts counts) {
        try (AutoCloseable following = dispatch.follow(migration, runId, beans.tracker())) {
            dispatch.send(migration, selection, headers, counts, () -> stopRequested);
            synchronized (out) {
                out.println(dispatch.describe(migration, counts.submittedCount()));
            }
            return counts.awaitAll();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception closing) {
            throw new IllegalStateException("following the outcomes of run " + runId + ": " + closing.getMessage(), closing);
        }
    }

    /** Stops feeding ids. Call {@link #abandonWaiting()} once the items in flight have finished. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Ends the wait for outcomes: ids still queued were never started and are left for the next run. */
    public void abandonWaiting() {
        RunCounts current = counts;
        if (current != null) {
            current.abandon();
        }
    }

    /** Waits until the run has recorded its end (its row in migration_run) and printed its summary. */
    public boolean awaitFinished(long seconds) {
        try {
            return finished.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A bar on a terminal, else a line every drover.progress.interval-seconds (0 = none). */
    private Progress progress(Migration migration, ItemSelection selection) {
        long total = selection.all() ? beans.idFeed().countAll(migration)
                : selection.retryStatus() != null ? beans.idFeed().countWithStatus(migration, selection.retryStatus())
                : selection.ids().size();
        int interval = io.drover.config.DroverSettings.progressIntervalSeconds(io.drover.config.DroverBeans.properties(context));
        boolean terminal = out == System.out && System.console() != null;
        return Progress.of(migration.name(), total, out, terminal, interval);
    }

    private RunLock lock(Migration migration) throws SQLException {
        Optional<RunLock> lock = RunLock.tryAcquire(beans.target(), beans.droverTables(), beans.dialect(), migration.name(), new RunLock.Timing(
                setting("drover.run-lock.renew-ms", 1000), setting("drover.run-lock.expiry-ms", 10_000)));
        if (lock.isEmpty()) {
            throw new RunRefusedException("migration '" + migration.name() + "' is already running ("
                    + beans.recorder().describeRunning(migration.name()) + "); this run touched nothing."
                    + " Wait for that run to end, or stop it, then run again.");
        }
        return lock.get();
    }

    private long setting(String key, long fallback) {
        return Long.parseLong(context.resolvePropertyPlaceholders("{{" + key + ":" + fallback + "}}").trim());
    }

    private void report(ItemOutcome outcome, boolean dryRun, List<ItemOutcome> failures) {
        if (outcome.status() == ItemStatus.FAILED || outcome.status() == ItemStatus.REJECTED || outcome.status() == ItemStatus.NOT_FOUND) {
            synchronized (failures) {
                if (failures.size() < FAILURES_SHOWN) {
                    failures.add(outcome);
                }
            }
        }
        if (dryRun && outcome.status() == ItemStatus.DRY_RUN && outcome.diff() instanceof Map<?, ?> call) {
            synchronized (out) { // an API migration's dry run: the request it would send, secrets masked
                out.printf("  item %s would send %s", outcome.itemId(), io.drover.target.http.ApiRequestText.render(call,
                        io.drover.config.DroverSettings.httpLoggedBodyLength(DroverBeans.properties(context))));
            }
        } else if (dryRun && outcome.status() == ItemStatus.DRY_RUN) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> diff = (List<Map<String, Object>>) outcome.diff();
            synchronized (out) {
                out.printf("  item %s would change %s:%n%s", outcome.itemId(), Plural.of(diff.size(), "row"), ItemDiff.render(diff));
            }
        }
    }

    /** Per run, how many items broke each rule ("column|rule|level" → items), for the quality trend. */
    private static void countBrokenRules(ItemOutcome outcome, java.util.Map<String, Integer> broken) {
        if (outcome.violations() == null) {
            return;
        }
        java.util.Set<String> rulesOfItem = new java.util.HashSet<>();
        for (java.util.Map<String, Object> v : outcome.violations()) {
            String column = String.valueOf(v.get("column")).replaceAll("\\[\\d+\\]", "");
            rulesOfItem.add(column + "|" + v.get("rule") + "|" + v.get("level"));
        }
        rulesOfItem.forEach(rule -> broken.merge(rule, 1, Integer::sum));
    }

    /** Another run of the migration holds its lock. */
    public static final class RunRefusedException extends DroverConfigException {
        public RunRefusedException(String message) {
            super(message);
        }
    }
}
