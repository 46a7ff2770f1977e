package io.drover.config;

import io.drover.log.DroverTables;
import io.drover.target.TargetDialect;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades Drover's own tables in the target with Flyway, in a schema of their own
 * (drover.schema), so that reloading or diffing the application's schema never touches them.
 */
public final class DroverSchema {

    private DroverSchema() {
    }

    /** @param schema the schema of Drover's tables (drover.schema), created when missing */
    public static void migrate(DataSource target, TargetDialect dialect, String schema) {
        new DroverTables(schema); // checks the name before any statement carries it
        DroverSchemaPreparation.prepare(target, dialect, schema);
        Flyway.configure()
                .dataSource(target)
                .locations("classpath:db/drover/" + dialect.name().toLowerCase(Locale.ROOT))
                // the scripts name no schema: Flyway runs them with this one as the default
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(DroverTables.HISTORY)
                // drover.schema may name a schema that already holds other tables: start Drover's history beside them
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
