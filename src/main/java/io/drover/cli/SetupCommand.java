package io.drover.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.drover.config.DataSources;
import io.drover.config.DroverSchema;
import io.drover.config.DroverSettings;
import io.drover.target.TargetDialect;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * `drover setup`: creates or upgrades Drover's own tables in the target, and nothing else. The commands that
 * write (migrate, run, sample init, audit, forget) do it themselves; those that only read (status, report,
 * verify) leave the tables as they are and name this command when they are missing or behind.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Creates or upgrades Drover's own tables (migration_run, migration_log, item_state …) in the target."
                + " migrate does it too; status, report and verify only check them.")
public class SetupCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Override
    public Integer call() {
        DroverSettings settings = ConfigFile.settings(root.config);
        String schema = ConfigFile.droverSchema(root.config);
        // Flyway holds its lock on one connection while it applies the scripts on another
        try (HikariDataSource target = DataSources.pooled(settings.target(), 2)) {
            DroverSchema.migrate(target, TargetDialect.of(target), schema);
        }
        root.out.println("Drover's tables in the target are up to date.");
        return ExitCodes.OK;
    }
}
