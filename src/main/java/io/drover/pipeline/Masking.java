package io.drover.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hides the values of columns declared sensitive (template parameter sensitiveColumns) wherever
 * Drover stores or shows item data: the log's source and destination JSON, dry-run diffs and errors.
 */
public final class Masking {

    public static final String MASK = "****";

    private Masking() {
    }

    /**
     * The value with every entry named like a sensitive column masked, at any depth, whatever it holds: a
     * jsonb or array column's map or list is hidden whole. Maps and lists that hold nothing to mask are
     * returned as they are, not copied: the log serializes the result once, and most rows of an item (an
     * address of a customer whose phone is sensitive) have nothing to hide.
     */
    public static Object mask(Object value, Set<String> sensitive) {
        if (sensitive.isEmpty() || value == null) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> masked = null; // created at the first entry that changes
            int seen = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object v = entry.getValue();
                String key = String.valueOf(entry.getKey());
                Object hidden;
                if (key.equals("columns") && v instanceof Map<?, ?> columns && namesSensitive(columns, sensitive)) {
                    hidden = maskDiffColumns(columns, sensitive); // a dry-run diff names the column in a field
                } else if (v != null && sensitive.contains(key.toLowerCase(Locale.ROOT))) {
                    hidden = MASK;
                } else {
                    hidden = mask(v, sensitive);
                }
                if (masked == null && (hidden != v || !(entry.getKey() instanceof String))) {
                    masked = copyOfFirst(map, seen);
                }
                if (masked != null) {
                    masked.put(key, hidden);
                }
                seen++;
            }
            return masked != null ? masked : map;
        }
        if (value instanceof List<?> list) {
            List<Object> masked = null;
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                Object hidden = mask(v, sensitive);
                if (masked == null && hidden != v) {
                    masked = new ArrayList<>(list.subList(0, i));
                }
                if (masked != null) {
                    masked.add(hidden);
                }
            }
            return masked != null ? masked : list;
        }
        return value;
    }

    private static Map<String, Object> copyOfFirst(Map<?, ?> map, int count) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (copy.size() == count) {
                break;
            }
            copy.put(String.valueOf(entry.getKey()), entry.getValue());
        }
        return copy;
    }

    private static boolean namesSensitive(Map<?, ?> columns, Set<String> sensitive) {
        for (Map.Entry<?, ?> entry : columns.entrySet()) {
            if (sensitive.contains(String.valueOf(entry.getKey()).toLowerCase(Locale.ROOT)) && entry.getValue() instanceof Map<?, ?>) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> maskDiffColumns(Map<?, ?> columns, Set<String> sensitive) {
        Map<String, Object> masked = new LinkedHashMap<>();
        columns.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (sensitive.contains(key.toLowerCase(Locale.ROOT)) && v instanceof Map<?, ?> change) {
                Map<String, Object> hidden = new LinkedHashMap<>();
                change.forEach((side, x) -> hidden.put(String.valueOf(side), x == null ? null : MASK));
                masked.put(key, hidden);
            } else {
                masked.put(key, mask(v, sensitive));
            }
        });
        return masked;
    }
}
