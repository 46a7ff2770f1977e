package io.drover.log;

import io.drover.DroverConfigException;
import io.drover.target.Identifiers;
import java.util.List;

/**
 * The names of Drover's own bookkeeping tables, which live in a schema of their own (drover.schema,
 * {@code drover} by default) apart from the application's tables. Every statement that reads or writes
 * them takes its table name from here, so the schema is checked and quoted in one place.
 */
public record DroverTables(String schema) {

    public static final String DEFAULT_SCHEMA = "drover";

    /** Flyway's history of Drover's own scripts. */
    public static final String HISTORY = "drover_schema_history";

    /** Every table Drover's scripts create, the history table last. */
    public static final List<String> ALL = List.of("migration_run", "migration_log", "item_state", "verification_run",
            "verification_result", "quality_result", "unique_claim", "audit_run", "audit_key", "poll_mark", "run_lease", HISTORY);

    public DroverTables {
        Identifiers.check("drover.schema", schema);
        if (schema.contains(".")) {
            throw new DroverConfigException("drover.schema '" + schema + "' is not a valid schema name: use letters, digits"
                    + " and underscores, with no dot");
        }
    }

    /** The schema-qualified name, unquoted, for writers that check and quote names themselves (upserts, COPY). */
    public String name(String table) {
        if (!ALL.contains(table)) {
            throw new IllegalArgumentException(table + " is not one of Drover's tables");
        }
        return schema + "." + table;
    }

    /** The schema-qualified, quoted name, ready for a statement. */
    public String sql(String table) {
        return Identifiers.quote(name(table));
    }

    /** The schema, quoted, ready for a statement. */
    public String quotedSchema() {
        return Identifiers.quote(schema);
    }

    public String migrationRun() {
        return sql("migration_run");
    }

    public String migrationLog() {
        return sql("migration_log");
    }

    public String itemState() {
        return sql("item_state");
    }

    public String verificationRun() {
        return sql("verification_run");
    }

    public String verificationResult() {
        return sql("verification_result");
    }

    public String qualityResult() {
        return sql("quality_result");
    }

    public String uniqueClaim() {
        return sql("unique_claim");
    }

    public String auditRun() {
        return sql("audit_run");
    }

    public String auditKey() {
        return sql("audit_key");
    }

    public String pollMark() {
        return sql("poll_mark");
    }

    public String runLease() {
        return sql("run_lease");
    }
}
