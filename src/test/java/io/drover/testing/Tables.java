package io.drover.testing;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a user checks in the target: row counts, content checksums and the migration log. */
public final class Tables {

    private final JdbcTemplate jdbc;

    public Tables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    /** An MD5 of every row of a PostgreSQL table in key order: equal checksums mean identical content. */
    public String checksum(String table) {
        return jdbc.queryForObject("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM " + table + " t", String.class);
    }

    /** The statuses of the log rows of one run, by item id. */
    public Map<String, String> statuses(String runId) {
        Map<String, String> statuses = new java.util.TreeMap<>();
        jdbc.query("SELECT item_id, status FROM drover.migration_log WHERE run_id = CAST(? AS uuid)",
                rs -> { statuses.put(rs.getString(1), rs.getString(2)); }, runId);
        return statuses;
    }

    public String latestRunId(String migration) {
        return jdbc.queryForObject("SELECT CAST(run_id AS text) FROM drover.migration_run WHERE migration = ? ORDER BY started_at DESC LIMIT 1",
                String.class, migration);
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        return jdbc.queryForList(sql, args);
    }
}
