package io.drover.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Keeps migration_run: one row per run with its arguments, host, times, counts and outcome. */
public final class RunRecorder {

    private final JdbcTemplate jdbc;

    public RunRecorder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public UUID start(String migration, String arguments) {
        UUID runId = UUID.randomUUID();
        jdbc.update("INSERT INTO migration_run (run_id, migration, arguments, host, started_at, status) VALUES (?, ?, ?, ?, ?, ?)",
                runId, migration, arguments, host(), Timestamp.from(Instant.now()), "RUNNING");
        return runId;
    }

    /**
     * Marks runs of this migration that are still RUNNING but hold no lock any more (their process died)
     * as INTERRUPTED. Only called by the holder of the migration's run lock.
     */
    public int closeAbandoned(String migration, UUID currentRun) {
        // only `drover migrate` runs hold the lock; runs of `drover run` or of an embedding app may well be alive
        return jdbc.update("UPDATE migration_run SET status = 'INTERRUPTED', finished_at = ? WHERE migration = ?"
                + " AND status = 'RUNNING' AND run_id <> ? AND arguments LIKE 'migrate %'", Timestamp.from(Instant.now()),
                migration, currentRun);
    }

    public void finish(UUID runId, RunCounts counts, String status) {
        jdbc.update("UPDATE migration_run SET finished_at = ?, status = ?, items_total = ?, migrated = ?, unchanged = ?,"
                        + " failed = ?, dry_run = ?, rejected = ? WHERE run_id = ?",
                Timestamp.from(Instant.now()), status, counts.done(), counts.migrated(), counts.unchanged(),
                counts.failed(), counts.dryRun(), counts.rejected(), runId);
    }

    /** Stores how many items broke each quality rule in this run ("column|rule|level" → items). */
    public void qualityResults(UUID runId, String migration, java.util.Map<String, Integer> broken) {
        broken.forEach((key, items) -> {
            String[] parts = key.split("\\|", 3);
            jdbc.update("INSERT INTO quality_result (run_id, migration, column_name, rule, level, items) VALUES (?, ?, ?, ?, ?, ?)",
                    runId, migration, parts[0], parts[1], parts[2], items);
        });
    }

    /**
     * A line describing the run of this migration that is RUNNING now, for the "already running" message.
     * The lock holder records its run right after taking the lock, so give it a moment to appear.
     */
    public String describeRunning(String migration) {
        for (int attempt = 0; attempt < 30; attempt++) {
            java.util.Optional<String> running = findRunning(migration);
            if (running.isPresent()) {
                return running.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "another process, which has not recorded its run";
    }

    private java.util.Optional<String> findRunning(String migration) {
        return jdbc.query("SELECT run_id, host, started_at FROM migration_run WHERE migration = ? AND status = 'RUNNING'"
                        + " ORDER BY started_at DESC LIMIT 1",
                (rs, n) -> "run " + rs.getString(1) + " on host " + rs.getString(2) + " since " + rs.getTimestamp(3).toInstant(),
                migration).stream().findFirst();
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
