package io.drover.pipeline;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The items of a failed chunk that PostgreSQL's error points at, the way pgloader finds the rows to set apart
 * instead of halving blindly. A unique or foreign-key violation names its table and the key it met
 * ({@code Key (email)=(ada@example.com) already exists.}, {@code Key (customer_id)=(5) is not present in table
 * "customer".}); the chunk's items whose rows in that table hold that key are the ones that broke it. Any
 * other error (a CHECK, a trigger, a value whose text PostgreSQL writes otherwise than Java, a server whose
 * messages are not in English, lc_messages) names no item here, and the chunk is halved as before.
 * Every item named goes through the item route, which gives it its true outcome. Matching on the value's
 * text can name an innocent item only where the database changes values as it stores them (a trigger, a
 * citext column): of two items with one contested value, the one named may then fail where the other would.
 */
final class ChunkCulprit {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final Pattern KEY = Pattern.compile(
            "Key \\((.+)\\)=\\((.*)\\) (?:already exists|is not present in table .*)\\.?", Pattern.DOTALL);

    private ChunkCulprit() {
    }

    /** The chunk's items holding the key the error names, lowest id first; empty when the error names none. */
    static List<ItemWork> in(List<ItemWork> chunk, Throwable failure) {
        ServerErrorMessage error = serverError(failure);
        if (error == null || error.getTable() == null || error.getDetail() == null
                || !(UNIQUE_VIOLATION.equals(error.getSQLState()) || FOREIGN_KEY_VIOLATION.equals(error.getSQLState()))) {
            return List.of();
        }
        Matcher key = KEY.matcher(error.getDetail().strip());
        if (!key.matches()) {
            return List.of();
        }
        List<String> columns = List.of(key.group(1).split(", ", -1));
        // one column: its value is the whole text, commas and all; several: only values without ", " split apart
        List<String> values = columns.size() == 1 ? List.of(key.group(2)) : List.of(key.group(2).split(", ", -1));
        if (values.size() != columns.size()) {
            return List.of();
        }
        return chunk.stream()
                .filter(work -> work.target() != null && holds(work.target(), error.getSchema(), error.getTable(), columns, values))
                .sorted(Comparator.comparing(ItemWork::id, ChunkCulprit::compareIds))
                .toList();
    }

    private static boolean holds(TargetItem item, String schema, String table, List<String> columns, List<String> values) {
        for (Map.Entry<String, List<Map<String, Object>>> rows : item.asMap().entrySet()) {
            if (!isTable(rows.getKey(), schema, table)) {
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

    /** A target table's name as the migration declares it ([schema.]table) against the error's schema and table. */
    private static boolean isTable(String declared, String schema, String table) {
        int dot = declared.lastIndexOf('.');
        if (!unquoted(declared.substring(dot + 1)).equalsIgnoreCase(table)) {
            return false;
        }
        // an unqualified name is found through the search path: any schema may be it
        return dot < 0 || schema == null || unquoted(declared.substring(0, dot)).equalsIgnoreCase(schema);
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
