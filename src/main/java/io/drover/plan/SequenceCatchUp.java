package io.drover.plan;

import io.drover.DroverConfigException;
import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.target.Identifiers;
import io.drover.target.TableCatalog;
import io.drover.target.TargetDialect;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves every sequence that feeds a column of the migrations' target tables (serial, identity, a nextval
 * default) past the column's maximum, so rows inserted after the migration do not collide with migrated
 * ids. A sequence only ever moves forward: a live sequence already past the maximum is left alone.
 * PostgreSQL targets only; elsewhere it does nothing.
 */
public final class SequenceCatchUp {

    /** The setting that turns the catch-up off. */
    public static final String SETTING = "drover.sequences";

    /**
     * What happened to one sequence: moved to {@code value}, or left at {@code value}; {@code maximum} is the
     * column's (null for an empty table); {@code error} says why it could not be set.
     */
    public record Sequence(String sequence, String table, String column, long value, Long maximum, boolean moved, String error) {
    }

    private final JdbcTemplate jdbc;
    private final TableCatalog tables;
    private final TargetDialect dialect;

    public SequenceCatchUp(DataSource target, TableCatalog tables, TargetDialect dialect) {
        this.jdbc = new JdbcTemplate(target);
        this.tables = tables;
        this.dialect = dialect;
    }

    /** drover.sequences: advance (the default) or keep. A bad value is a configuration error. */
    public static boolean enabled(String setting) {
        String value = setting == null || setting.isBlank() ? "advance" : setting.trim();
        if (!value.equals("advance") && !value.equals("keep")) {
            throw new DroverConfigException(SETTING + " is '" + value + "'; use advance (set sequences past the migrated"
                    + " maximum after a plan) or keep (leave them alone)");
        }
        return value.equals("advance");
    }

    /** Catches up the sequences of the migrations' target tables, in the migrations' order. */
    public List<Sequence> advance(List<Migration> migrations) {
        List<Sequence> done = new ArrayList<>();
        if (dialect != TargetDialect.POSTGRESQL) {
            return done;
        }
        for (Migration migration : migrations) {
            for (TargetTable target : migration.targets()) {
                for (TableCatalog.SequenceColumn feed : tables.sequencesOf(target.table())) {
                    done.add(advance(feed));
                }
            }
        }
        return done;
    }

    private Sequence advance(TableCatalog.SequenceColumn feed) {
        String column = '"' + feed.column().replace("\"", "\"\"") + '"';
        // position: the last value handed out (or, before the first nextval, the one before the first)
        String position = "(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM " + feed.sequence() + ")";
        try {
            Map<String, Object> state = jdbc.queryForMap("SELECT (SELECT max(" + column + ") FROM " + Identifiers.quote(feed.table())
                    + ") AS top, " + position + " AS position,"
                    + " (SELECT seqincrement FROM pg_sequence WHERE seqrelid = CAST(? AS regclass)) AS increment", feed.sequence());
            Number top = (Number) state.get("top");
            long current = ((Number) state.get("position")).longValue();
            if (top == null || ((Number) state.get("increment")).longValue() < 0 || top.longValue() <= current) {
                return new Sequence(feed.sequence(), feed.table(), feed.column(), current,
                        top == null ? null : top.longValue(), false, null);
            }
            // GREATEST with the position at this moment: a sequence that moved meanwhile never goes back
            Long value = jdbc.queryForObject("SELECT setval(CAST(? AS regclass), GREATEST(?, " + position + "))", Long.class,
                    feed.sequence(), top.longValue());
            return new Sequence(feed.sequence(), feed.table(), feed.column(), value, top.longValue(), true, null);
        } catch (DataAccessException e) {
            return new Sequence(feed.sequence(), feed.table(), feed.column(), 0, null, false,
                    e.getMostSpecificCause().getMessage());
        }
    }

    /** One line per sequence: set to what, left alone at what, or why it could not be set. */
    public static void print(List<Sequence> sequences, PrintStream out) {
        if (sequences.isEmpty()) {
            return;
        }
        out.println("Sequences:");
        for (Sequence s : sequences) {
            String feeds = " (" + s.table() + "." + s.column() + ")";
            out.println(s.error() != null ? "  " + s.sequence() + feeds + " could not be set: " + s.error()
                    : s.moved() ? "  " + s.sequence() + feeds + " set to " + s.value() + ", the column's maximum"
                    : s.maximum() == null ? "  " + s.sequence() + feeds + " left alone: the table is empty"
                    : "  " + s.sequence() + feeds + " left at " + s.value() + ", already at or past the column's maximum " + s.maximum());
        }
    }

    public static boolean anyFailed(List<Sequence> sequences) {
        return sequences.stream().anyMatch(s -> s.error() != null);
    }
}
