package io.drover.plan;

import io.drover.config.DroverBeans;
import io.drover.migration.Migration;
import io.drover.run.BatchRun;
import io.drover.run.ItemSelection;
import io.drover.run.RunCounts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;

/**
 * `drover migrate --plan=<plan>`: every migration of the plan in one process, parents first, each as its own
 * run (BatchRun, as `drover migrate <migration>` runs it) with its own log rows; then the sequences of
 * their tables, and one summary. A migration whose parent had failures still runs: its items whose parent
 * row is missing fail on their own foreign key.
 */
public final class PlanRun {

    private final CamelContext context;
    private final DroverBeans beans;
    private final PrintStream out;
    private final int chunkSize;
    private final CountDownLatch finished = new CountDownLatch(1);
    private io.drover.run.ItemDispatch dispatch;
    private volatile BatchRun current;
    private volatile boolean stopRequested;

    /** One migration's part of the plan: its counts, or the error that ended its run. */
    public record Step(String migration, BatchRun.Result result, String error) {
        boolean succeeded() {
            return error == null && result.succeeded();
        }
    }

    public record Result(List<Step> steps, List<SequenceCatchUp.Sequence> sequences, boolean interrupted) {
        public boolean succeeded() {
            return !interrupted && steps.stream().allMatch(Step::succeeded) && !SequenceCatchUp.anyFailed(sequences);
        }
    }

    /** @param chunkSize items per chunk in bulk mode; 0 migrates item by item */
    public PlanRun(CamelContext context, DroverBeans beans, PrintStream out, int chunkSize) {
        this.context = context;
        this.beans = beans;
        this.out = out;
        this.chunkSize = chunkSize;
    }

    /** Sends each migration's ids to workers elsewhere (`migrate --plan --distributed`), one migration after another as ever. */
    public PlanRun dispatchedBy(io.drover.run.ItemDispatch dispatch) {
        this.dispatch = dispatch;
        return this;
    }

    /**
     * Checks the whole plan first (its order, every migration's tables, queries and rules): a configuration
     * error stops it before any item. Then runs the migrations in order.
     *
     * @param sequences whether to set the sequences past the migrated maximum afterwards (never in a dry run)
     */
    public Result run(String planName, ItemSelection selection, boolean dryRun, boolean force, String arguments, boolean sequences) {
        try {
            Plan plan = Plan.of(beans.catalog(), planName);
            List<Migration> order = PlanOrder.of(plan, beans.tables());
            order.forEach(migration -> BatchRun.check(beans, migration, chunkSize));
            out.printf("Plan %s: %d migrations, parents first: %s%n", plan.name(), order.size(),
                    String.join(", ", order.stream().map(Migration::name).toList()));
            List<Step> steps = new ArrayList<>();
            for (Migration migration : order) {
                BatchRun batch;
                synchronized (this) { // a stop requested from now on reaches this run
                    if (stopRequested) {
                        break;
                    }
                    batch = new BatchRun(context, beans, out, chunkSize).checked();
                    if (dispatch != null) {
                        batch.dispatchedBy(dispatch);
                    }
                    current = batch;
                }
                try {
                    steps.add(new Step(migration.name(), batch.run(migration.name(), selection, dryRun, force, arguments), null));
                } catch (RuntimeException e) {
                    out.printf("%s: its run ended by an error: %s%n", migration.name(), e.getMessage());
                    steps.add(new Step(migration.name(), null, String.valueOf(e.getMessage())));
                }
            }
            boolean interrupted = stopRequested || steps.stream().anyMatch(s -> s.result() != null && s.result().interrupted());
            List<SequenceCatchUp.Sequence> moved = sequences && !dryRun && !interrupted
                    ? new SequenceCatchUp(beans.target(), beans.tables(), beans.dialect()).advance(order) : List.of();
            Result result = new Result(steps, moved, interrupted);
            printSummary(plan, order, result);
            return result;
        } finally {
            finished.countDown();
        }
    }

    private void printSummary(Plan plan, List<Migration> order, Result result) {
        out.printf("Plan %s summary:%n", plan.name());
        long migrated = 0;
        long unchanged = 0;
        long failed = 0;
        long rejected = 0;
        long previewed = 0;
        for (Step step : result.steps()) {
            if (step.error() != null) {
                out.printf("  %-24s ended by an error: %s%n", step.migration(), step.error());
                continue;
            }
            RunCounts c = step.result().counts();
            out.printf(Locale.ROOT, "  %-24s %d migrated, %d unchanged, %d failed, %d rejected%s%n", step.migration(),
                    c.migrated(), c.unchanged(), c.failed(), c.rejected(), c.dryRun() > 0 ? ", " + c.dryRun() + " previewed" : "");
            migrated += c.migrated();
            unchanged += c.unchanged();
            failed += c.failed();
            rejected += c.rejected();
            previewed += c.dryRun();
        }
        out.printf(Locale.ROOT, "  %-24s %d migrated, %d unchanged, %d failed, %d rejected%s%n", "total",
                migrated, unchanged, failed, rejected, previewed > 0 ? ", " + previewed + " previewed" : "");
        if (result.steps().size() < order.size()) {
            out.printf("Stopped before %s of the plan; run it again to finish them.%n",
                    io.drover.Plural.of(order.size() - result.steps().size(), "migration"));
        }
        SequenceCatchUp.print(result.sequences(), out);
        if (failed > 0) {
            out.printf("Fix the source, then rerun only the failed items: %s%n", io.drover.Launcher.hint("migrate --plan=" + plan.name() + " --retry-failed"));
        }
        if (rejected > 0) {
            out.printf("Fix the source, then rerun the rejected items: %s%n", io.drover.Launcher.hint("migrate --plan=" + plan.name() + " --retry-rejected"));
        }
        out.printf("Plan %s %s.%n", plan.name(), result.succeeded() ? "SUCCEEDED" : result.interrupted() ? "INTERRUPTED" : "FAILED");
    }

    /** Stops feeding ids to the migration running now, and starts no further migration. */
    public void requestStop() {
        BatchRun running;
        synchronized (this) {
            stopRequested = true;
            running = current;
        }
        if (running != null) {
            running.requestStop();
        }
    }

    /** Ends the wait of the running migration for outcomes (see {@link BatchRun#abandonWaiting()}). */
    public void abandonWaiting() {
        BatchRun running = current;
        if (running != null) {
            running.abandonWaiting();
        }
    }

    /** Waits until the plan has recorded its runs' ends and printed its summary. */
    public boolean awaitFinished(long seconds) {
        try {
            return finished.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
