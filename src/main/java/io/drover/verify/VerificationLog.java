package io.drover.verify;

import io.drover.log.DroverTables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.log.ItemOutcome;
import io.drover.migration.MigrationCatalog;
import io.drover.target.TargetDialect;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Keeps verification_run and verification_result. */
public final class VerificationLog {

    private final JdbcTemplate jdbc;
    private final DroverTables tables;
    private final ObjectMapper json;
    private final MigrationCatalog catalog;
    private final String insertResult;

    public VerificationLog(JdbcTemplate jdbc, DroverTables tables, TargetDialect dialect, ObjectMapper json, MigrationCatalog catalog) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.json = json;
        this.catalog = catalog;
        this.insertResult = "INSERT INTO " + tables.verificationResult() + " (run_id, migration, item_id, status, differences, error, checked_at)"
                + " VALUES (?, ?, ?, ?, " + dialect.jsonPlaceholder() + ", ?, ?)";
    }

    public UUID start(String migration, String arguments) {
        UUID runId = UUID.randomUUID();
        jdbc.update("INSERT INTO " + tables.verificationRun() + " (run_id, migration, arguments, started_at, status) VALUES (?, ?, ?, ?, 'RUNNING')",
                runId, migration, arguments, Timestamp.from(Instant.now()));
        return runId;
    }

    /** Records the verdict on one previewed item; called by the item pipeline instead of writing migration_log. */
    public Verdict record(ItemOutcome outcome) {
        Verdict verdict = Verdict.of(outcome, catalog.get(outcome.migration()));
        insert(outcome.runId(), outcome.migration(), outcome.itemId(), verdict,
                verdict == Verdict.MATCH ? null : outcome.diff(), outcome.error());
        return verdict;
    }

    public void recordExtra(UUID runId, String migration, String itemId) {
        insert(runId, migration, itemId, Verdict.EXTRA, null, "in the target, but no longer in the source");
    }

    public void finish(UUID runId, VerifyCounts counts, String status) {
        jdbc.update("UPDATE " + tables.verificationRun() + " SET finished_at = ?, status = ?, checked = ?, matched = ?, missing = ?,"
                        + " different = ?, extra = ?, errors = ? WHERE run_id = ?",
                Timestamp.from(Instant.now()), status, counts.checked(), counts.get(Verdict.MATCH), counts.get(Verdict.MISSING),
                counts.get(Verdict.DIFFERENT), counts.get(Verdict.EXTRA), counts.get(Verdict.ERROR), runId);
    }

    private void insert(UUID runId, String migration, String itemId, Verdict verdict, Object differences, String error) {
        try {
            jdbc.update(insertResult, runId, migration, itemId, verdict.name(),
                    differences == null ? null : json.writeValueAsString(differences), error, Timestamp.from(Instant.now()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the differences of item " + itemId + " as JSON", e);
        }
    }
}
