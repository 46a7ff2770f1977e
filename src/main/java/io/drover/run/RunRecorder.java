package io.drover.run;

import io.drover.log.DroverTables;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Keeps migration_run: one row per run with its arguments, host, times, counts and outcome. */
public final class RunRecorder {

    private final JdbcTemplate jdbc;
    private final DroverTables tables;
    private final Duration unresponsiveAfter;

    /** @param unresponsiveAfter a RUNNING run silent for longer belongs to a process that is gone */
    public RunRecorder(JdbcTemplate jdbc, DroverTables tables, Duration unresponsiveAfter) {
        this.jdbc = jdbc;
        this.tables = tables;
        this.unresponsiveAfter = unresponsiveAfter;
    }

    public UUID start(String migration, String arguments) {
        UUID runId = UUID.randomUUID();
        jdbc.update("INSERT INTO " + tables.migrationRun() + " (run_id, migration, arguments, host, started_at, status, heartbeat_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
                runId, migration, arguments, host(), Timestamp.from(Instant.now()), "RUNNING");
        return runId;
    }

    /** Marks these runs alive (their process is working on them); the database's clock, the same for every reader. */
    public void beat(java.util.Collection<UUID> runIds) {
        jdbc.batchUpdate("UPDATE " + tables.migrationRun() + " SET heartbeat_at = CURRENT_TIMESTAMP WHERE run_id = ? AND status = 'RUNNING'",
                runIds.stream().map(id -> new Object[] {id}).toList());
    }

    /** A run recorded INTERRUPTED because its process was gone; lastSeen is its last heartbeat. */
    public record Abandoned(UUID runId, Instant lastSeen) {
    }

    /**
     * Records as INTERRUPTED, with the counts of their log, the RUNNING runs of this migration whose process
     * is gone: those whose heartbeat is older than {@code unresponsiveAfter}, and, when the caller holds the
     * migration's run lock, every other `drover migrate` run of it (only such runs take that lock; runs of
     * `drover run` or of an embedding application may well be alive and are judged by their heartbeat).
     * Their finish time is their last heartbeat, the last moment they were known to work.
     *
     * @param currentRun the caller's own run, never closed (null for none)
     */
    public java.util.List<Abandoned> closeAbandoned(String migration, UUID currentRun, boolean lockHeld) {
        java.util.List<Abandoned> closed = new java.util.ArrayList<>();
        jdbc.query("SELECT run_id, arguments, COALESCE(heartbeat_at, started_at) AS last_seen, CURRENT_TIMESTAMP AS now"
                + " FROM " + tables.migrationRun() + " WHERE migration = ? AND status = 'RUNNING'", rs -> {
            UUID runId = UUID.fromString(rs.getString("run_id"));
            Instant lastSeen = rs.getTimestamp("last_seen").toInstant();
            boolean silent = Duration.between(lastSeen, rs.getTimestamp("now").toInstant()).compareTo(unresponsiveAfter) > 0;
            boolean unlocked = lockHeld && rs.getString("arguments").startsWith("migrate ");
            if (!runId.equals(currentRun) && (silent || unlocked)) {
                closed.add(new Abandoned(runId, lastSeen));
            }
        }, migration);
        closed.removeIf(run -> !closeFromLog(run));
        return closed;
    }

    /** Ends a RUNNING run as INTERRUPTED with what its log holds; false when it ended meanwhile. */
    private boolean closeFromLog(Abandoned run) {
        java.util.Map<String, Integer> logged = new java.util.HashMap<>();
        jdbc.query("SELECT status, count(*) FROM " + tables.migrationLog() + " WHERE run_id = ? GROUP BY status",
                rs -> { logged.put(rs.getString(1), rs.getInt(2)); }, run.runId());
        int total = logged.values().stream().mapToInt(Integer::intValue).sum();
        return jdbc.update("UPDATE " + tables.migrationRun() + " SET status = 'INTERRUPTED', finished_at = ?, items_total = ?, migrated = ?,"
                        + " unchanged = ?, failed = ?, dry_run = ?, rejected = ?, not_found = ? WHERE run_id = ? AND status = 'RUNNING'",
                Timestamp.from(run.lastSeen()), total, logged.getOrDefault("MIGRATED", 0), logged.getOrDefault("UNCHANGED", 0),
                logged.getOrDefault("FAILED", 0), logged.getOrDefault("DRY_RUN", 0), logged.getOrDefault("REJECTED", 0),
                logged.getOrDefault("NOT_FOUND", 0), run.runId()) == 1;
    }

    /** How long ago the database's clock says a RUNNING run last gave a heartbeat. */
    public Duration silentFor(UUID runId) {
        return jdbc.query("SELECT COALESCE(heartbeat_at, started_at), CURRENT_TIMESTAMP FROM " + tables.migrationRun() + " WHERE run_id = ?",
                rs -> rs.next() ? Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()) : Duration.ZERO,
                runId);
    }

    public void finish(UUID runId, RunCounts counts, String status) {
        jdbc.update("UPDATE " + tables.migrationRun() + " SET finished_at = ?, status = ?, items_total = ?, migrated = ?, unchanged = ?,"
                        + " failed = ?, dry_run = ?, rejected = ?, not_found = ? WHERE run_id = ?",
                Timestamp.from(Instant.now()), status, counts.done(), counts.migrated(), counts.unchanged(),
                counts.failed(), counts.dryRun(), counts.rejected(), counts.notFound(), runId);
    }

    /** Stores how many items broke each quality rule in this run ("column|rule|level" → items). */
    public void qualityResults(UUID runId, String migration, java.util.Map<String, Integer> broken) {
        broken.forEach((key, items) -> {
            String[] parts = key.split("\\|", 3);
            jdbc.update("INSERT INTO " + tables.qualityResult() + " (run_id, migration, column_name, rule, level, items) VALUES (?, ?, ?, ?, ?, ?)",
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
        return jdbc.query("SELECT run_id, host, started_at FROM " + tables.migrationRun() + " WHERE migration = ? AND status = 'RUNNING'"
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
