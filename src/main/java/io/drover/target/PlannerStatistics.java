package io.drover.target;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps PostgreSQL's planner statistics of the tables a bulk run writes and reads back while they grow.
 * A bulk run looks up a chunk's states and the rows its items own with one statement per chunk
 * ({@code … IN (…500 ids…)}); on a table that has not been analyzed since it grew, PostgreSQL guesses
 * that such a list matches most rows and scans the whole table, so that each chunk costs more than the
 * one before (at 800,000 items, 150 ms per chunk to remove stale addresses). Autovacuum analyzes a table
 * after 10% of it has changed, but it may be off, or behind during a large load. Every few seconds one
 * worker reads how many rows of each table changed since its last analysis and analyzes those that
 * changed by half their size (at least {@value #MIN_CHANGED} rows): about a dozen analyses per table
 * from empty to a million rows, each reading a sample of 30,000 rows. Tables the role does not own are
 * left to autovacuum.
 */
public final class PlannerStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
    static final long MIN_CHANGED = 10_000;
    private static final long CHECK_EVERY_NANOS = 5_000_000_000L;

    private final JdbcTemplate jdbc;
    private final LongSupplier nanoTime;
    private final AtomicLong nextCheck;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public PlannerStatistics(JdbcTemplate jdbc) {
        this(jdbc, System::nanoTime);
    }

    PlannerStatistics(JdbcTemplate jdbc, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.nanoTime = nanoTime;
        this.nextCheck = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Analyzes those of these tables whose statistics are out of date, when no check ran in the last few
     * seconds; else returns at once. Never fails: without statistics a run is slower, not wrong.
     *
     * @return the tables analyzed
     */
    public List<String> keep(List<String> tables) {
        long now = nanoTime.getAsLong();
        long due = nextCheck.get();
        if (now - due < 0 || !nextCheck.compareAndSet(due, now + CHECK_EVERY_NANOS)) {
            return List.of(); // checked lately, or another worker checks now
        }
        return analyzeStale(tables);
    }

    /** Checks and analyzes now, whenever the last check ran. */
    List<String> analyzeStale(List<String> tables) {
        try {
            List<String> stale = jdbc.queryForList("SELECT c.oid::regclass::text FROM pg_class c"
                    + " JOIN pg_stat_all_tables s ON s.relid = c.oid"
                    + " WHERE c.oid = ANY (SELECT to_regclass(t) FROM unnest(?::text[]) AS t)"
                    + " AND s.n_mod_since_analyze >= ? + greatest(c.reltuples, 0) / 2"
                    // ANALYZE only warns and skips a table the role does not own: leave those to autovacuum
                    + " AND pg_has_role(c.relowner, 'USAGE')", String.class,
                    tables.stream().map(Identifiers::quote).toArray(String[]::new), MIN_CHANGED);
            stale.removeIf(refused::contains);
            for (String table : stale) {
                analyze(table);
            }
            return stale;
        } catch (DataAccessException e) {
            LOG.debug("Could not read the planner statistics of {}: {}", tables, e.getMessage());
            return List.of();
        }
    }

    private void analyze(String table) {
        long started = System.nanoTime();
        try {
            jdbc.execute("ANALYZE " + table);
            LOG.debug("Analyzed {} in {} ms", table, (System.nanoTime() - started) / 1_000_000);
        } catch (DataAccessException e) {
            // refused for good (no privilege): say it once and leave the table to autovacuum; anything else (a lock
            // or statement timeout) is tried again at a later check
            boolean forGood = e.getMostSpecificCause() instanceof java.sql.SQLException sql && "42501".equals(sql.getSQLState());
            if (forGood) {
                refused.add(table);
            }
            LOG.warn("Could not analyze table {} (its statistics keep bulk mode's lookups fast){}: {}", table,
                    forGood ? "" : ", will try again", e.getMessage());
        }
    }
}
