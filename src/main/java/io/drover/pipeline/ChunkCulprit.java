package io.drover.pipeline;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The item of a failed chunk that PostgreSQL's error points at, the way pgloader finds the row to set apart
 * instead of halving blindly. A unique or foreign-key violation names its table and the key it met
 * ({@code Key (email)=(ada@example.com) already exists.}, {@code Key (customer_id)=(5) is not present in table
 * "customer".}); the chunk's item whose row in that table holds that key is the one that broke it. Any other
 * error (a CHECK, a trigger, a value whose text PostgreSQL writes otherwise than Java) names no item here,
 * and the chunk is halved as before. Finding the wrong item costs only time: it goes through the item
 * route, which gives it its true outcome, and the rest of the chunk is tried again.
 */
final class ChunkCulprit {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final Pattern KEY = Pattern.compile(
            "Key \\((.+)\\)=\\((.*)\\) (?:already exists|is not present in table .*)\\.?", Pattern.DOTALL);

    private ChunkCulprit() {
    }

    /**
     * The chunk's item holding the key the error names; when several do (a duplicate inside the chunk), the
     * one with the highest id, so that the lowest keeps the value, as in a run in id order.
     */
    static Optional<ItemWork> in(List<ItemWork> chunk, Throwable failure) {
        ServerErrorMessage error = serverError(failure);
        if (error == null || error.getTable() == null || error.getDetail() == null
                || !(UNIQUE_VIOLATION.equals(error.getSQLState()) || FOREIGN_KEY_VIOLATION.equals(error.getSQLState()))) {
            return Optional.empty();
        }
        Matcher key = KEY.matcher(error.getDetail().strip());
        if (!key.matches()) {
            return Optional.empty();
        }
        List<String> columns = List.of(key.group(1).split(", ", -1));
        // one column: its value is the whole text, commas and all; several: only values without ", " split apart
        List<String> values = columns.size() == 1 ? List.of(key.group(2)) : List.of(key.group(2).split(", ", -1));
        if (values.size() != columns.size()) {
            return Optional.empty();
        }
        String table = error.getTable();
        return chunk.stream()
                .filter(work -> work.target() != null && holds(work.target(), table, columns, values))
                .max(Comparator.comparing(ItemWork::id, ChunkCulprit::compareIds));
    }

    private static boolean holds(TargetItem item, String table, List<String> columns, List<String> values) {
        for (Map.Entry<String, List<Map<String, Object>>> rows : item.asMap().entrySet()) {
            if (!unqualified(rows.getKey()).equalsIgnoreCase(table)) {
                continue;
            }
            for (Map<String, Object> row : rows.getValue()) {
                if (matches(row, columns, values)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(Map<String, Object> row, List<String> columns, List<String> values) {
        for (int i = 0; i < columns.size(); i++) {
            String column = unquoted(columns.get(i));
            Object value = row.containsKey(column) ? row.get(column) : valueIgnoringCase(row, column);
            if (value == null || !String.valueOf(value).equals(values.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Object valueIgnoringCase(Map<String, Object> row, String column) {
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(column)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String unqualified(String table) {
        String name = table.substring(table.lastIndexOf('.') + 1);
        return unquoted(name);
    }

    private static String unquoted(String name) {
        return name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
    }

    private static int compareIds(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Long.compare(x.longValue(), y.longValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** PostgreSQL's error inside whatever wrapped it (Camel, Spring, a JDBC batch's next exception). */
    private static ServerErrorMessage serverError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage();
            }
            if (t instanceof SQLException sql && sql.getNextException() instanceof PSQLException next
                    && next.getServerErrorMessage() != null) {
                return next.getServerErrorMessage();
            }
        }
        return null;
    }
}
