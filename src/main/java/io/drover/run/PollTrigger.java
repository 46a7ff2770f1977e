package io.drover.run;

import io.drover.log.DroverTables;
import io.drover.pipeline.SourceLoader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs a polling trigger's query: binds :#since to the start of the previous completed poll of the same
 * migration and query, and returns the ids the query found. Where a poll got to is kept in poll_mark once
 * its ids went through the migration, so a restarted `drover run` goes on from there, not from the epoch.
 */
public final class PollTrigger {

    private final SourceLoader source;
    private final JdbcTemplate target;
    private final DroverTables tables;
    /** The start of the poll in progress, by trigger; it becomes the mark when the poll completes. */
    private final Map<Mark, Timestamp> started = new ConcurrentHashMap<>();

    /** One polling trigger: its migration and its query's hash. */
    private record Mark(String migration, String queryHash) {
    }

    public PollTrigger(SourceLoader source, JdbcTemplate target, DroverTables tables) {
        this.source = source;
        this.target = target;
        this.tables = tables;
    }

    public List<Object> poll(@Variable("droverPollMigration") String migration, @Variable("droverPollQuery") String query) {
        Mark mark = new Mark(migration, sha256(query));
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> row : source.select("poll", query, Map.of("since", since(mark)))) {
            ids.add(row.values().iterator().next());
        }
        started.put(mark, now);
        return ids;
    }

    /** Called once every id of the poll went through the migration: the next poll starts from this one's start. */
    public void completed(@Variable("droverPollMigration") String migration, @Variable("droverPollQuery") String query) {
        Mark mark = new Mark(migration, sha256(query));
        Timestamp from = started.remove(mark);
        if (from == null) {
            return;
        }
        int updated = target.update("UPDATE " + tables.pollMark() + " SET polled_from = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE migration = ? AND query_hash = ?", from, mark.migration(), mark.queryHash());
        if (updated == 0) {
            // one trigger per migration and query, in one process (the run lock): no concurrent insert
            target.update("INSERT INTO " + tables.pollMark() + " (migration, query_hash, polled_from) VALUES (?, ?, ?)",
                    mark.migration(), mark.queryHash(), from);
        }
    }

    private Timestamp since(Mark mark) {
        List<Timestamp> recorded = target.queryForList("SELECT polled_from FROM " + tables.pollMark() + " WHERE migration = ? AND query_hash = ?",
                Timestamp.class, mark.migration(), mark.queryHash());
        return recorded.isEmpty() ? new Timestamp(0) : recorded.get(0);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
