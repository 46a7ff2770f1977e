package io.drover.config;

import io.drover.DroverConfigException;
import io.drover.log.DroverTables;
import io.drover.target.Identifiers;
import io.drover.target.TargetDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades Drover's own tables in the target with Flyway, in a schema of their own
 * (drover.schema), so that reloading or diffing the application's schema never touches them.
 */
public final class DroverSchema {

    /** Flyway's history of Drover's tables, in drover.schema beside them. */
    static final String HISTORY = DroverTables.HISTORY;

    /**
     * The newest script under db/drover/&lt;dialect&gt;: the version this jar needs. DroverSchemaTest holds it
     * to the scripts, so a new script without its number here fails the build.
     */
    static final Map<TargetDialect, Integer> NEWEST = Map.of(TargetDialect.POSTGRESQL, 9, TargetDialect.H2, 8);

    private DroverSchema() {
    }

    /**
     * Brings Drover's tables up to date before the first write. When the history already records the newest
     * script, Flyway is not started at all: loading it and scanning its scripts cost half a second of every
     * command's start, for nothing.
     *
     * @param schema the schema of Drover's tables (drover.schema), created when missing
     */
    public static void migrate(DataSource target, TargetDialect dialect, String schema) {
        new DroverTables(schema); // checks the name before any statement carries it
        if (appliedVersion(target, schema) >= NEWEST.get(dialect)) {
            return;
        }
        DroverSchemaPreparation.prepare(target, dialect, schema);
        Flyway.configure()
                .dataSource(target)
                .locations("classpath:db/drover/" + dialect.name().toLowerCase(Locale.ROOT))
                // the scripts name no schema: Flyway runs them with this one as the default
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(HISTORY)
                // drover.schema may name a schema that already holds other tables: start Drover's history beside them
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /**
     * For the commands that only read: Drover's tables must be there and up to date, and are left as they are.
     *
     * @param upgradeHint the command that creates or upgrades them, named in the message when they are not
     * @throws DroverConfigException naming what is missing and that command
     */
    public static void validate(DataSource target, TargetDialect dialect, String schema, String upgradeHint) {
        new DroverTables(schema);
        int applied = appliedVersion(target, schema);
        int newest = NEWEST.get(dialect);
        if (applied < 0) {
            throw new DroverConfigException("Drover's tables are not in the target database yet (no " + schema + "." + HISTORY
                    + "); this command only reads them. Create them with: " + upgradeHint);
        }
        if (applied < newest) {
            throw new DroverConfigException("Drover's tables in the target are at version " + applied + ", this Drover needs "
                    + newest + "; this command only reads them. Upgrade them with: " + upgradeHint);
        }
    }

    /** The newest script the history records as applied; 0 for a baseline alone, -1 without a history table. */
    static int appliedVersion(DataSource target, String schema) {
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            // quoted: Flyway creates its table and columns in lower case, and H2 without DATABASE_TO_LOWER folds to upper
            try (ResultSet rows = statement.executeQuery("SELECT \"version\" FROM " + Identifiers.quote(schema) + ".\"" + HISTORY
                    + "\" WHERE \"success\"")) {
                int newest = 0;
                while (rows.next()) {
                    String version = rows.getString(1);
                    if (version != null && version.matches("\\d+")) {
                        newest = Math.max(newest, Integer.parseInt(version));
                    }
                }
                return newest;
            } catch (SQLException e) {
                if (isMissingTable(e)) {
                    return -1;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read " + HISTORY + " in the target: " + Secrets.maskUrl(e.getMessage()), e);
        }
    }

    /**
     * PostgreSQL's undefined table (42P01, also for a missing schema); the table not found of H2 (42S02, and
     * 42S03, 42S04 with hints) and its schema not found (90079).
     */
    private static final java.util.Set<String> MISSING_TABLE = java.util.Set.of("42P01", "42S02", "42S03", "42S04", "90079");

    private static boolean isMissingTable(SQLException e) {
        return MISSING_TABLE.contains(e.getSQLState());
    }
}
