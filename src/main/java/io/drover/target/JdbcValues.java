package io.drover.target;

import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what JDBC drivers return (timestamps, driver objects, LOBs) into plain JSON-ready values, so
 * that rows from any database hash, log and compare the same way. Binary values become {@link Bytes}.
 */
public final class JdbcValues {

    private JdbcValues() {
    }

    public static Map<String, Object> row(Map<String, Object> row) {
        Map<String, Object> plain = new LinkedHashMap<>();
        row.forEach((column, value) -> plain.put(column.toLowerCase(Locale.ROOT), value(value)));
        return plain;
    }

    public static List<Map<String, Object>> rows(Collection<Map<String, Object>> rows) {
        List<Map<String, Object>> plain = new ArrayList<>(rows.size());
        rows.forEach(r -> plain.add(row(r)));
        return plain;
    }

    @SuppressWarnings("unchecked")
    public static Object value(Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return value.toString(); // JSON has no NaN or Infinity: keep every log row valid JSON
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time time) {
            return localTime(time).toString();
        }
        if (value instanceof TemporalAccessor || value instanceof java.util.UUID || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return new Bytes(bytes);
        }
        if (value instanceof java.sql.Blob blob) {
            try {
                return new Bytes(blob.getBytes(1, (int) blob.length()));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read a binary column: " + e.getMessage(), e);
            }
        }
        if (value instanceof Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read a text column: " + e.getMessage(), e);
            }
        }
        if (value instanceof java.sql.Array array) {
            try {
                return arrayLiteral(array.getArray());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read an array column: " + e.getMessage(), e);
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), value(v)));
            return plain;
        }
        if (value instanceof Collection<?> list) {
            List<Object> plain = new ArrayList<>();
            list.forEach(v -> plain.add(value(v)));
            return plain;
        }
        // Driver objects such as PostgreSQL's PGobject (enums, json) print their value.
        return value.toString();
    }

    /** A Time's time of day with its milliseconds, which toLocalTime() drops (ExactColumnMapRowMapper's rows keep microseconds). */
    static java.time.LocalTime localTime(java.sql.Time time) {
        return time.toLocalTime().withNano((int) Math.floorMod(time.getTime(), 1000L) * 1_000_000);
    }

    /**
     * An array as one PostgreSQL array literal with every element quoted. The driver's own text of an
     * array depends on whether the row came in text or binary form (pgjdbc switches after a statement's
     * fifth execution), which would change an item's hash between two reads of the same row.
     */
    static String arrayLiteral(Object elements) {
        StringBuilder literal = new StringBuilder("{");
        int length = java.lang.reflect.Array.getLength(elements);
        for (int i = 0; i < length; i++) {
            Object element = java.lang.reflect.Array.get(elements, i);
            if (i > 0) {
                literal.append(',');
            }
            if (element == null) {
                literal.append("NULL");
            } else if (element.getClass().isArray() && !(element instanceof byte[])) {
                literal.append(arrayLiteral(element));
            } else {
                Object plain = value(element);
                literal.append('"').append(String.valueOf(plain).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }
}
