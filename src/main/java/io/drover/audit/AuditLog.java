package io.drover.audit;

import io.drover.log.DroverTables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.target.TargetDialect;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stores every audit in audit_run in the target: its predicted counts and the whole report, to compare audits over time. */
public final class AuditLog {

    private final JdbcTemplate jdbc;
    private final DroverTables tables;
    private final TargetDialect dialect;
    private final ObjectMapper json;

    public AuditLog(JdbcTemplate jdbc, DroverTables tables, TargetDialect dialect, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.dialect = dialect;
        this.json = json;
    }

    public void start(UUID auditId, String migration, String arguments, Integer sample, Instant startedAt) {
        jdbc.update("INSERT INTO " + tables.auditRun() + " (audit_id, migration, arguments, started_at, status, sample_size) VALUES (?, ?, ?, ?, ?, ?)",
                auditId, migration, arguments, Timestamp.from(startedAt), "RUNNING", sample);
    }

    public void finish(UUID auditId, AuditReport report) {
        String document;
        try {
            document = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit report as JSON: " + e.getMessage(), e);
        }
        jdbc.update("UPDATE " + tables.auditRun() + " SET finished_at = ?, status = 'FINISHED', items_audited = ?, predicted_migrated = ?,"
                        + " predicted_rejected = ?, predicted_failed = ?, duplicate_values = ?, orphan_rows = ?, report = "
                        + dialect.jsonPlaceholder() + " WHERE audit_id = ?",
                Timestamp.from(Instant.parse(report.finishedAt())), report.scope().itemsAudited(), report.predicted().migrated(),
                report.predicted().rejected(), report.predicted().failed(),
                report.duplicates().stream().mapToLong(AuditReport.Duplicates::duplicateValues).sum(),
                report.orphans().stream().mapToLong(AuditReport.Orphans::rows).sum(), document, auditId);
    }

    /** An audit that stopped on an error keeps its row, marked FAILED, so that no audit stays RUNNING. */
    public void failed(UUID auditId) {
        jdbc.update("UPDATE " + tables.auditRun() + " SET finished_at = ?, status = 'FAILED' WHERE audit_id = ?", Timestamp.from(Instant.now()), auditId);
    }
}
