package io.drover.cli;

import io.drover.migration.Migration;
import io.drover.plan.PlanRun;
import io.drover.plan.SequenceCatchUp;
import io.drover.run.BatchRun;
import io.drover.run.ItemSelection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `drover migrate (<migration> | --plan=<plan>) (--item-id=… | --all | --retry-failed) [--dry-run] [--force]`. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Migrates items of one migration, or of every migration of a plan in foreign-key order, each item in its"
                + " own transaction, and logs every outcome.",
        footer = {"", "Exit codes: 0 every item succeeded, 1 at least one item failed (or the run was stopped),"
                + " 2 bad usage or configuration (nothing was touched)."})
public class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MIGRATION", description = "Name of the migration, e.g. customers")
    String migration;

    @Option(names = "--plan", paramLabel = "PLAN", description = "Instead of one migration, every migration of this plan"
            + " (template parameter 'plan'), parents first, in one process; then their tables' sequences are set past the migrated ids")
    String plan;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static class Selection {
        @Option(names = "--item-id", split = ",", paramLabel = "ID", description = "Migrate just these items (repeat or separate with commas)")
        List<String> ids;

        @Option(names = "--all", description = "Migrate every item of the migration's id query")
        boolean all;

        @Option(names = "--retry-failed", description = "Migrate only the items whose latest outcome is FAILED")
        boolean retryFailed;

        @Option(names = "--retry-rejected", description = "Migrate only the items whose latest outcome is REJECTED (by quality rules)")
        boolean retryRejected;
    }

    @Option(names = "--dry-run", description = "Load, convert and compare with the target; write nothing and show what would change")
    boolean dryRun;

    @Option(names = "--force", description = "Rewrite items even when their source is unchanged since their last success")
    boolean force;

    @Option(names = "--bulk", description = "Bulk mode: load, check and convert items a chunk at a time and commit each chunk"
            + " in one transaction; a failing chunk is split until its bad items are alone. Same outcomes and log rows per item.")
    boolean bulk;

    @Option(names = "--chunk-size", paramLabel = "N", description = "Items per chunk in bulk mode (default: drover.bulk.chunk-size, 500)")
    Integer chunkSize;

    @Option(names = "--distributed", description = "Publish the ids to the migration's Apache Kafka topic for `drover worker`"
            + " processes to migrate, then follow the run in the target until every item has an outcome (docs/distributed.md)")
    boolean distributed;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel workers (default: drover.workers, 0 = two per core)")
    Integer workers;

    @Override
    public Integer call() {
        if ((migration == null) == (plan == null)) {
            throw new io.drover.DroverConfigException("name one migration (drover migrate <migration> …) or one plan"
                    + " (drover migrate --plan=<plan> …), not " + (plan == null ? "neither" : "both"));
        }
        if (plan != null && selection.ids != null) {
            throw new io.drover.DroverConfigException("--item-id names items of one migration; with --plan use --all,"
                    + " --retry-failed or --retry-rejected, or migrate those items with: " + io.drover.Launcher.hint("migrate <migration> --item-id=…"));
        }
        if (bulk && dryRun) {
            throw new io.drover.DroverConfigException("--bulk cannot be combined with --dry-run: a dry run previews item by item;"
                    + " drop --bulk to see what would change");
        }
        if (chunkSize != null && (!bulk || chunkSize < 1)) {
            throw new io.drover.DroverConfigException("--chunk-size takes a number of items of at least 1, and goes with --bulk");
        }
        if (distributed && (bulk || dryRun)) {
            throw new io.drover.DroverConfigException("--distributed publishes the ids item by item; it does not"
                    + " go with " + (bulk ? "--bulk" : "--dry-run") + " yet");
        }
        String arguments = "migrate " + (plan != null ? "--plan=" + plan : migration) + describeSelection()
                + (dryRun ? " --dry-run" : "") + (force ? " --force" : "")
                + (bulk ? " --bulk" : "") + (chunkSize != null ? " --chunk-size=" + chunkSize : "")
                + (workers != null ? " --workers=" + workers : "") + (distributed ? " --distributed" : "");
        Map<String, String> overrides = new java.util.HashMap<>(distributed ? DroverRuntime.feedingNoItems() : Map.of());
        overrides.putAll(Map.of("drover.triggers.enabled", "false", "drover.arguments", arguments));
        if (distributed) { // no item runs here: the run lock, its heartbeat, the id feed, the claims and the outcomes' reader
            overrides.put(io.drover.config.DroverConfiguration.POOL_SIZE, "6");
        }
        if (workers != null) {
            overrides.put("drover.workers", String.valueOf(workers));
        }
        try (DroverRuntime runtime = DroverRuntime.start(root.config, overrides)) {
            int chunk = !bulk ? 0 : chunkSize != null ? chunkSize : io.drover.config.DroverSettings.bulkChunkSize(
                    io.drover.config.DroverBeans.properties(runtime.context()));
            boolean sequences = SequenceCatchUp.enabled(runtime.context().resolvePropertyPlaceholders(
                    "{{" + SequenceCatchUp.SETTING + ":advance}}"));
            if (plan != null) {
                PlanRun run = new PlanRun(runtime.context(), runtime.beans(), root.out, chunk);
                if (distributed) { // each migration's ids to its own topic, parents' migrations finished before children's start
                    run.dispatchedBy(new io.drover.distributed.KafkaDispatch(runtime.context(), runtime.beans()));
                }
                Thread stopper = stopper(runtime, run::requestStop, run::abandonWaiting, () -> run.awaitFinished(30));
                PlanRun.Result result = run.run(plan, selection(), dryRun, force, arguments, sequences);
                removeHook(stopper);
                return result.succeeded() ? ExitCodes.OK : ExitCodes.ITEMS_FAILED;
            }
            BatchRun run = new BatchRun(runtime.context(), runtime.beans(), root.out, chunk);
            if (distributed) {
                refuseIdsWorkersCannotRead(runtime.beans().catalog().get(migration));
                run.dispatchedBy(new io.drover.distributed.KafkaDispatch(runtime.context(), runtime.beans()));
            }
            Thread stopper = stopper(runtime, run::requestStop, run::abandonWaiting, () -> run.awaitFinished(30));
            BatchRun.Result result = run.run(migration, selection(), dryRun, force, arguments);
            removeHook(stopper);
            boolean caughtUp = !sequences || dryRun || result.interrupted() || catchUpSequences(runtime, migration);
            return result.succeeded() && caughtUp ? ExitCodes.OK : ExitCodes.ITEMS_FAILED;
        }
    }

    /**
     * A worker sends a record that is no id of its migration to the dead-letter topic, where no outcome
     * comes back for the run to wait on: such an id is refused here, before the run.
     */
    private void refuseIdsWorkersCannotRead(Migration target) {
        if (selection.ids == null || target.idType() != io.drover.migration.IdType.NUMBER) {
            return;
        }
        for (String id : selection.ids) {
            if (!id.isBlank() && !(target.idType().parse(id) instanceof Long)) {
                throw new io.drover.DroverConfigException("--item-id '" + id + "' is no id of migration '" + target.name()
                        + "': it " + io.drover.migration.IdType.notANumber(id));
            }
        }
    }

    /** A migration of a plan leaves its tables' sequences past the ids it wrote, as its plan does; false if one could not be set. */
    private boolean catchUpSequences(DroverRuntime runtime, String name) {
        Migration migrated = runtime.beans().catalog().get(name);
        if (migrated.plan() == null) {
            return true;
        }
        List<SequenceCatchUp.Sequence> sequences = new SequenceCatchUp(runtime.beans().target(), runtime.beans().tables(),
                runtime.beans().dialect()).advance(List.of(migrated));
        SequenceCatchUp.print(sequences, root.out);
        return !SequenceCatchUp.anyFailed(sequences);
    }

    /**
     * On SIGTERM: stop feeding, let the items in flight finish (Camel's graceful shutdown), then let the
     * run record its end before the JVM exits.
     */
    static Thread stopper(DroverRuntime runtime, Runnable requestStop, Runnable abandonWaiting, Runnable awaitFinished) {
        Thread stopper = new Thread(() -> {
            requestStop.run();
            runtime.stopCamel();
            abandonWaiting.run();
            awaitFinished.run();
        }, "drover-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        return stopper;
    }

    private ItemSelection selection() {
        if (selection.all) {
            return ItemSelection.everything();
        }
        if (selection.retryFailed) {
            return ItemSelection.withLatestStatus(io.drover.pipeline.ItemStatus.FAILED);
        }
        if (selection.retryRejected) {
            return ItemSelection.withLatestStatus(io.drover.pipeline.ItemStatus.REJECTED);
        }
        return ItemSelection.ofIds(selection.ids.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    private String describeSelection() {
        return selection.all ? " --all" : selection.retryFailed ? " --retry-failed"
                : selection.retryRejected ? " --retry-rejected" : " --item-id=" + String.join(",", selection.ids);
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting already: the hook is running
        }
    }
}
