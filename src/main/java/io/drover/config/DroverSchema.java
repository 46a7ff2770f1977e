package io.drover.config;

import io.drover.target.TargetDialect;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Creates and upgrades Drover's own tables (migration_run, migration_log, item_state) in the target with Flyway. */
public final class DroverSchema {

    private DroverSchema() {
    }

    public static void migrate(DataSource target, TargetDialect dialect) {
        Flyway.configure()
                .dataSource(target)
                .locations("classpath:db/drover/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
                .table("drover_schema_history")
                // the target already holds the user's tables: start Drover's history beside them
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
