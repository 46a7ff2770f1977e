package io.drover.report;

import io.drover.log.DroverTables;
import io.drover.DroverConfigException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds a {@link RunReport} with aggregate SQL that PostgreSQL and H2 both run, so that the numbers are
 * the database's own and memory stays flat for any run size.
 */
public final class ReportQueries {

    private static final int TREND_RUNS = 50;
    private static final int MAX_BUCKETS = 60;

    private final JdbcTemplate jdbc;
    private final DroverTables tables;

    public ReportQueries(JdbcTemplate jdbc, DroverTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    /** The report of the given run, or of the latest run of the given migration. */
    public RunReport build(String runId, String migration) {
        List<RunReport.Run> found = runId != null ? runsStartingWith(runId)
                : jdbc.query("SELECT * FROM " + tables.migrationRun() + " WHERE migration = ? ORDER BY started_at DESC LIMIT 1", this::run, migration);
        if (found.isEmpty()) {
            throw new DroverConfigException(runId != null ? "no run with id " + runId
                    : "migration '" + migration + "' has no run yet; run " + io.drover.Launcher.hint("migrate " + migration + " --all") + " first");
        }
        if (found.size() > 1) {
            throw new DroverConfigException("run id " + runId + " is the start of several runs' ids ("
                    + found.get(0).runId() + ", " + found.get(1).runId() + " …); give more of it");
        }
        RunReport.Run run = found.get(0);
        String name = jdbc.queryForObject("SELECT migration FROM " + tables.migrationRun() + " WHERE run_id = CAST(? AS uuid)", String.class, run.runId());
        return new RunReport(name, Instant.now().toString(), run, statusCounts(run), throughput(run), durations(run),
                failures(run), brokenRules(run), trend(name));
    }

    /**
     * The runs whose id is or starts with {@code id}: the whole id as migrate prints it, or its first
     * characters as the log lines show them ({@code [run a20f6b84 …]}). At most two, to tell a unique one.
     */
    private List<RunReport.Run> runsStartingWith(String id) {
        String prefix = id.trim().toLowerCase(java.util.Locale.ROOT);
        if (!prefix.matches("[0-9a-f][0-9a-f-]{0,35}")) {
            throw new DroverConfigException("--run takes a run id, whole or its first characters (e.g. a20f6b84); got '" + id + "'");
        }
        return jdbc.query("SELECT * FROM " + tables.migrationRun() + " WHERE CAST(run_id AS VARCHAR(36)) LIKE ? ORDER BY started_at DESC LIMIT 2",
                this::run, prefix + "%");
    }

    private Map<String, Long> statusCounts(RunReport.Run run) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("MIGRATED", "UNCHANGED", "FAILED", "REJECTED", "DRY_RUN")) {
            counts.put(status, 0L);
        }
        // NOT_FOUND (an id the source lacks) only when the run has such items
        jdbc.query("SELECT status, count(*) FROM " + tables.migrationLog() + " WHERE run_id = CAST(? AS uuid) GROUP BY status",
                rs -> { counts.put(rs.getString(1), rs.getLong(2)); }, run.runId());
        return counts;
    }

    private List<RunReport.Bucket> throughput(RunReport.Run run) {
        Instant start = Instant.parse(run.startedAt());
        Instant end = jdbc.queryForObject("SELECT max(finished_at) FROM " + tables.migrationLog() + " WHERE run_id = CAST(? AS uuid)",
                (rs, n) -> rs.getTimestamp(1) == null ? start : rs.getTimestamp(1).toInstant(), run.runId());
        long seconds = Math.max(1, Duration.between(start, end).toSeconds() + 1);
        long size = Math.max(1, (seconds + MAX_BUCKETS - 1) / MAX_BUCKETS);
        java.util.TreeMap<Long, Long> counted = new java.util.TreeMap<>();
        jdbc.query("SELECT FLOOR((EXTRACT(EPOCH FROM finished_at) - ?) / ?) AS bucket, count(*) AS items FROM " + tables.migrationLog()
                        + " WHERE run_id = CAST(? AS uuid) GROUP BY bucket ORDER BY bucket",
                rs -> { counted.merge(Math.max(0, rs.getLong(1)), rs.getLong(2), Long::sum); },
                start.toEpochMilli() / 1000.0, size, run.runId());
        // every slice up to the last, those without an item too: a stall shows as a dip to 0, not as a line
        // drawn across it; the last slice is as wide as the part of the run it covers
        List<RunReport.Bucket> buckets = new ArrayList<>();
        long last = counted.isEmpty() ? -1 : counted.lastKey();
        for (long bucket = 0; bucket <= last; bucket++) {
            long items = counted.getOrDefault(bucket, 0L);
            long width = bucket < last ? size : Math.max(1, Math.min(size, seconds - bucket * size));
            buckets.add(new RunReport.Bucket(bucket * size, items, items / (double) width));
        }
        return buckets;
    }

    private RunReport.Durations durations(RunReport.Run run) {
        return jdbc.queryForObject("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms),"
                        + " percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_ms),"
                        + " percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms), max(duration_ms)"
                        + " FROM " + tables.migrationLog() + " WHERE run_id = CAST(? AS uuid)",
                (rs, n) -> new RunReport.Durations(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)), run.runId());
    }

    private List<RunReport.FailureGroup> failures(RunReport.Run run) {
        // "Item 250 of migration 'customers' failed, nothing of it was written: column 'x' … (value: '…')"
        // → "column 'x' …": the item and its value are what differs between items failing for one reason.
        // The database's own words may hold the value too ("invalid input syntax for type integer: "abc"",
        // "value too long (43 characters, at most 40)", whose type the message names): those parts go.
        return jdbc.query("SELECT reason, count(*) AS items, min(item_id) AS example FROM ("
                        + " SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(error,"
                        + " '^Item [^ ]+ of migration ''[^'']*'' failed[^:]*: ', ''),"
                        + " ' (\\(value: |Detail: ).*$', ''),"
                        + " ' \\(\\d+ characters, at most \\d+\\)', ''),"
                        + " ': \"[^\"]*\"', ': \"…\"') AS reason, item_id"
                        + " FROM " + tables.migrationLog() + " WHERE run_id = CAST(? AS uuid) AND status = 'FAILED') f"
                        + " GROUP BY reason ORDER BY items DESC, reason LIMIT 20",
                (rs, n) -> new RunReport.FailureGroup(rs.getString(1), rs.getLong(2), rs.getString(3)), run.runId());
    }

    private List<RunReport.BrokenRule> brokenRules(RunReport.Run run) {
        return jdbc.query("SELECT column_name, rule, level, items FROM " + tables.qualityResult() + " WHERE run_id = CAST(? AS uuid)"
                        + " ORDER BY items DESC, column_name, rule",
                (rs, n) -> new RunReport.BrokenRule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), run.runId());
    }

    private List<RunReport.Run> trend(String migration) {
        List<RunReport.Run> runs = new ArrayList<>(jdbc.query("SELECT * FROM " + tables.migrationRun() + " WHERE migration = ?"
                + " ORDER BY started_at DESC LIMIT " + TREND_RUNS, this::run, migration));
        java.util.Collections.reverse(runs);
        return runs;
    }

    private RunReport.Run run(ResultSet rs, int row) throws SQLException {
        Timestamp started = rs.getTimestamp("started_at");
        Timestamp finished = rs.getTimestamp("finished_at");
        long items = rs.getLong("items_total");
        double seconds = finished == null ? 0 : Math.max(0.001, (finished.getTime() - started.getTime()) / 1000.0);
        return new RunReport.Run(rs.getString("run_id"), rs.getString("status"), started.toInstant().toString(),
                finished == null ? null : finished.toInstant().toString(), rs.getString("arguments"), items,
                rs.getLong("migrated"), rs.getLong("unchanged"), rs.getLong("failed"), rs.getLong("dry_run"),
                seconds == 0 ? 0 : Math.round(items / seconds * 10) / 10.0);
    }
}
