package io.drover.cli;

import io.drover.config.DroverBeans;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `drover status <migration>`: what is migrated, unchanged, failed and pending right now. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows how far a migration is: items migrated, unchanged, failed and pending, and its latest run.")
public class StatusCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", paramLabel = "MIGRATION")
    String migration;

    @Override
    public Integer call() {
        try (DroverRuntime runtime = DroverRuntime.start(root.config, Map.of("drover.triggers.enabled", "false"))) {
            DroverBeans beans = runtime.beans();
            Migration m = beans.catalog().get(migration);
            long inSource = beans.idFeed().countAll(m);
            Map<ItemStatus, Long> latest = beans.log().statusCounts(m.name());
            long known = latest.values().stream().mapToLong(Long::longValue).sum();
            root.out.printf("%s: %d items in the source%n", m.name(), inSource);
            root.out.printf("  migrated   %8d   (latest outcome MIGRATED)%n", latest.getOrDefault(ItemStatus.MIGRATED, 0L));
            root.out.printf("  unchanged  %8d   (latest outcome UNCHANGED: already migrated, source unchanged)%n",
                    latest.getOrDefault(ItemStatus.UNCHANGED, 0L));
            root.out.printf("  failed     %8d   (rerun them with: drover migrate %s --retry-failed)%n",
                    latest.getOrDefault(ItemStatus.FAILED, 0L), m.name());
            root.out.printf("  pending    %8d   (in the source, never attempted)%n", Math.max(0, inSource - known));
            List<Map<String, Object>> runs = new JdbcTemplate(beans.target()).queryForList(
                    "SELECT run_id, status, started_at, finished_at, migrated, unchanged, failed FROM migration_run"
                            + " WHERE migration = ? ORDER BY started_at DESC LIMIT 1", m.name());
            if (runs.isEmpty()) {
                root.out.println("No run yet.");
            } else {
                Map<String, Object> run = runs.get(0);
                root.out.printf("Latest run %s: %s, started %s%s: %s migrated, %s unchanged, %s failed%n", run.get("run_id"),
                        run.get("status"), run.get("started_at"),
                        run.get("finished_at") == null ? "" : ", finished " + run.get("finished_at"),
                        run.get("migrated"), run.get("unchanged"), run.get("failed"));
            }
            return ExitCodes.OK;
        }
    }
}
