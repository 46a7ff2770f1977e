package io.drover.target;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes between two snapshots of an item's rows: inserted, updated (with each column before/after) and
 * deleted rows. A diff is printed and stored, so a long value in it is cut to a bounded length and shown
 * with its full length and a hash: a 10 MB value that changed makes a line, not 20 MB.
 */
public final class ItemDiff {

    /** The default of drover.diff.max-value-length: characters of a text value a diff keeps. */
    public static final int DEFAULT_MAX_VALUE_LENGTH = 200;

    private ItemDiff() {
    }

    public static List<Map<String, Object>> between(Map<String, Map<String, Map<String, Object>>> before,
                                                    Map<String, Map<String, Map<String, Object>>> after) {
        return between(before, after, DEFAULT_MAX_VALUE_LENGTH);
    }

    /** @param maxValueLength characters of a text value kept (binary values: bytes × 2, as hex would take) */
    public static List<Map<String, Object>> between(Map<String, Map<String, Map<String, Object>>> before,
                                                    Map<String, Map<String, Map<String, Object>>> after, int maxValueLength) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (String table : after.keySet()) {
            Map<String, Map<String, Object>> old = before.getOrDefault(table, Map.of());
            Map<String, Map<String, Object>> now = after.get(table);
            for (Map.Entry<String, Map<String, Object>> row : now.entrySet()) {
                Map<String, Object> was = old.get(row.getKey());
                if (was == null) {
                    changes.add(change(table, row.getKey(), "insert", columns(Map.of(), row.getValue(), maxValueLength)));
                } else {
                    Map<String, Object> changed = columns(was, row.getValue(), maxValueLength);
                    if (!changed.isEmpty()) {
                        changes.add(change(table, row.getKey(), "update", changed));
                    }
                }
            }
            for (Map.Entry<String, Map<String, Object>> row : old.entrySet()) {
                if (!now.containsKey(row.getKey())) {
                    changes.add(change(table, row.getKey(), "delete", columns(row.getValue(), Map.of(), maxValueLength)));
                }
            }
        }
        return changes;
    }

    /** A readable rendering, one line per changed row and one per changed column. */
    @SuppressWarnings("unchecked")
    public static String render(List<Map<String, Object>> changes) {
        if (changes.isEmpty()) {
            return "    no change: the target already holds this item\n";
        }
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> change : changes) {
            text.append("    ").append(change.get("change")).append(' ').append(change.get("table"))
                    .append(" [").append(change.get("key")).append("]\n");
            ((Map<String, Map<String, Object>>) change.get("columns")).forEach((column, values) ->
                    text.append("      ").append(column).append(": ").append(show(values.get("before")))
                            .append(" -> ").append(show(values.get("after"))).append('\n'));
        }
        return text.toString();
    }

    static Map<String, Object> change(String table, String key, String kind, Map<String, Object> columns) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("table", table);
        change.put("key", key);
        change.put("change", kind);
        change.put("columns", columns);
        return change;
    }

    static Map<String, Object> columns(Map<String, Object> before, Map<String, Object> after, int maxValueLength) {
        Map<String, Object> changed = new LinkedHashMap<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String column : names) {
            Object was = before.get(column);
            Object now = after.get(column);
            if (!Objects.equals(was, now)) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("before", bounded(was, maxValueLength));
                values.put("after", bounded(now, maxValueLength));
                changed.put(column, values);
            }
        }
        return changed;
    }

    /** The value itself, or for a long one its first characters, its full length and its SHA-256. */
    public static Object bounded(Object value, int maxLength) {
        if (value instanceof CharSequence text && text.length() > maxLength) {
            String full = text.toString();
            return full.substring(0, maxLength) + "… (" + full.length() + " characters, sha256 "
                    + sha256(full.getBytes(StandardCharsets.UTF_8)) + ")";
        }
        byte[] bytes = value instanceof byte[] b ? b : value instanceof Bytes b ? b.bytes() : null;
        if (bytes != null && bytes.length * 2L > maxLength) {
            return "(" + bytes.length + " bytes, sha256 " + sha256(bytes) + ")";
        }
        return value;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String show(Object value) {
        return value == null ? "NULL" : value instanceof String ? "'" + value + "'" : value.toString();
    }
}
