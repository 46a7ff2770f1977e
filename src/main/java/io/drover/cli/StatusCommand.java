package io.drover.cli;

import io.drover.config.DroverBeans;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import io.drover.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `drover status (<migration> | --plan=<plan>)`: of the items in the source now, how many are migrated, unchanged, failed, rejected and pending. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows how far a migration is: of the items in the source, how many are migrated, unchanged, failed,"
                + " rejected and pending, and its latest run.")
public class StatusCommand implements Callable<Integer> {

    /** Ids whose states are looked up together. */
    private static final int PAGE = 1000;

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MIGRATION")
    String migration;

    @picocli.CommandLine.Option(names = "--plan", paramLabel = "PLAN", description = "Instead of one migration, every migration of this plan")
    String plan;

    @Override
    public Integer call() {
        if ((migration == null) == (plan == null)) {
            throw new io.drover.DroverConfigException("name one migration (drover status <migration>) or one plan"
                    + " (drover status --plan=<plan>), not " + (plan == null ? "neither" : "both"));
        }
        try (DroverRuntime runtime = DroverRuntime.start(root.config, DroverRuntime.readingDroverTables(DroverRuntime.feedingNoItems()))) {
            DroverBeans beans = runtime.beans();
            List<Migration> migrations = plan == null ? List.of(beans.catalog().get(migration))
                    : Plan.of(beans.catalog(), plan).migrations();
            for (Migration m : migrations) {
                printStatus(beans, m);
            }
            return ExitCodes.OK;
        }
    }

    private void printStatus(DroverBeans beans, Migration m) {
        // a run whose process is gone (kill -9, a lost host) shows as such, with what its log says it did
        for (io.drover.run.RunRecorder.Abandoned gone : beans.recorder().closeAbandoned(m.name(), null, false)) {
            root.out.printf("Run %s stopped responding at %s (its process is gone): recorded INTERRUPTED with the"
                    + " counts of its log.%n", gone.runId(), gone.lastSeen());
        }
        Tally tally = tally(beans, m);
        Map<ItemStatus, Long> states = beans.log().statusCounts(m.name());
        long known = states.values().stream().mapToLong(Long::longValue).sum();
        long notFound = states.getOrDefault(ItemStatus.NOT_FOUND, 0L) - tally.count(ItemStatus.NOT_FOUND);
        root.out.printf("%s: %s in the source%n", m.name(), io.drover.Plural.of(tally.inSource, "item"));
        root.out.printf("  migrated   %8d   (latest outcome MIGRATED)%n", tally.count(ItemStatus.MIGRATED));
        root.out.printf("  unchanged  %8d   (latest outcome UNCHANGED: already migrated, source unchanged)%n",
                tally.count(ItemStatus.UNCHANGED));
        root.out.printf("  failed     %8d   (rerun them with: %s)%n",
                tally.count(ItemStatus.FAILED), io.drover.Launcher.hint("migrate " + m.name() + " --retry-failed"));
        root.out.printf("  rejected   %8d   (by quality rules; rerun them with: %s)%n",
                tally.count(ItemStatus.REJECTED), io.drover.Launcher.hint("migrate " + m.name() + " --retry-rejected"));
        // an id once asked for in vain that the source has now is simply not migrated yet
        root.out.printf("  pending    %8d   (in the source, never migrated)%n", tally.pending + tally.count(ItemStatus.NOT_FOUND));
        if (notFound > 0) {
            root.out.printf("  not found  %8d   (asked for by id, never in the source; forget them with: %s)%n",
                    notFound, io.drover.Launcher.hint("forget " + m.name() + " --not-found"));
        }
        if (known - tally.known - notFound > 0) {
            root.out.printf("  gone       %8d   (attempted before, no longer returned by the id query)%n", known - tally.known - notFound);
        }
        List<Map<String, Object>> runs = new JdbcTemplate(beans.target()).queryForList(
                "SELECT run_id, status, started_at, finished_at, migrated, unchanged, failed, rejected, not_found FROM " + beans.droverTables().migrationRun()
                        + " WHERE migration = ? ORDER BY started_at DESC LIMIT 1", m.name());
        if (runs.isEmpty()) {
            root.out.println("No run yet.");
        } else {
            Map<String, Object> run = runs.get(0);
            String heard = "RUNNING".equals(run.get("status")) ? " (last heartbeat "
                    + beans.recorder().silentFor(java.util.UUID.fromString(run.get("run_id").toString())).toSeconds() + " s ago)" : "";
            long missing = ((Number) run.get("not_found")).longValue();
            root.out.printf("Latest run %s: %s%s, started %s%s: %s migrated, %s unchanged, %s failed, %s rejected%s%n",
                    run.get("run_id"), run.get("status"), heard, run.get("started_at"),
                    run.get("finished_at") == null ? "" : ", finished " + run.get("finished_at"),
                    run.get("migrated"), run.get("unchanged"), run.get("failed"), run.get("rejected"),
                    missing > 0 ? ", " + missing + " not found" : "");
        }
    }

    /** The items the id query returns now, by latest outcome; those never attempted are pending. */
    private static final class Tally {
        final Map<ItemStatus, Long> latest = new java.util.EnumMap<>(ItemStatus.class);
        long inSource;
        long known;
        long pending;

        long count(ItemStatus status) {
            return latest.getOrDefault(status, 0L);
        }
    }

    /**
     * Reads every id of the source, a page at a time, with the states of that page: counts that speak of the
     * items in the source now, not of ids the source no longer has (the source and the log are two databases).
     */
    private static Tally tally(DroverBeans beans, Migration m) {
        Tally tally = new Tally();
        List<String> page = new java.util.ArrayList<>();
        Runnable count = () -> {
            Map<String, io.drover.log.ItemState> states = beans.log().states(m.name(), page);
            tally.inSource += page.size();
            tally.known += states.size();
            tally.pending += page.size() - states.size();
            states.values().forEach(state -> tally.latest.merge(state.lastStatus(), 1L, Long::sum));
            page.clear();
        };
        beans.idFeed().allIds(m, () -> false, id -> {
            page.add(String.valueOf(m.idType().parse(id)));
            if (page.size() == PAGE) {
                count.run();
            }
        });
        count.run();
        return tally;
    }
}
