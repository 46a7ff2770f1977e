package io.drover.distributed;

import io.drover.config.DroverBeans;
import io.drover.log.ItemOutcome;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import io.drover.run.RunTracker;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings a distributed run's outcomes from migration_log, where the workers write them, to this process's
 * run counts: each item once, at its first row in the run (a record redelivered after a worker died logs
 * the item again, UNCHANGED; it is still one item).
 */
final class LoggedOutcomes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedOutcomes.class);
    private static final long POLL_MS = 300;
    // log ids are taken when a row is inserted, before its transaction commits, so a row may become visible
    // after rows with higher ids: every poll reads this many ids back, and a full pass now and then makes sure
    private static final long OVERLAP = 5000;
    private static final long FULL_PASS_MS = 10_000;

    private final JdbcTemplate jdbc;
    private final String logTable;
    private final Migration migration;
    private final UUID runId;
    private final RunTracker tracker;
    private final Set<String> seen = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;
    private long highest;

    private LoggedOutcomes(DroverBeans beans, Migration migration, UUID runId, RunTracker tracker) {
        this.jdbc = new JdbcTemplate(beans.target());
        this.logTable = beans.droverTables().migrationLog();
        this.migration = migration;
        this.runId = runId;
        this.tracker = tracker;
        this.thread = new Thread(this::poll, "drover-outcomes");
        this.thread.setDaemon(true);
    }

    static LoggedOutcomes follow(DroverBeans beans, Migration migration, UUID runId, RunTracker tracker) {
        LoggedOutcomes outcomes = new LoggedOutcomes(beans, migration, runId, tracker);
        outcomes.thread.start();
        return outcomes;
    }

    private void poll() {
        long lastFullPass = System.currentTimeMillis();
        while (!closed) {
            try {
                boolean full = System.currentTimeMillis() - lastFullPass > FULL_PASS_MS;
                read(full ? 0 : Math.max(0, highest - OVERLAP));
                if (full) {
                    lastFullPass = System.currentTimeMillis();
                }
            } catch (RuntimeException e) {
                // the target is unreachable for a moment: the workers' rows stay, the next poll reads them
                LOG.warn("reading the outcomes of run {} failed, trying again: {}", runId, e.getMessage());
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(long after) {
        jdbc.query("SELECT log_id, item_id, status, attempt, error_class, error, rolled_back, started_at, finished_at FROM "
                + logTable + " WHERE run_id = ? AND log_id > ? ORDER BY log_id", rs -> {
                    highest = Math.max(highest, rs.getLong("log_id"));
                    if (seen.add(rs.getString("item_id"))) {
                        tracker.completed(outcome(rs));
                    }
                }, runId, after);
    }

    private ItemOutcome outcome(ResultSet rs) throws SQLException {
        Object rolledBack = rs.getObject("rolled_back");
        return new ItemOutcome(runId, migration.name(), rs.getString("item_id"), ItemStatus.valueOf(rs.getString("status")),
                rs.getInt("attempt"), null, null, null, null, null, rs.getString("error_class"), rs.getString("error"),
                rolledBack == null ? null : (Boolean) rolledBack, instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(5000);
    }
}
