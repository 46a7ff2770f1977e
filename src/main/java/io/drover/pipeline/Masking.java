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

    /** A copy of a JSON-ready value with every entry named like a sensitive column masked, at any depth. */
    public static Object mask(Object value, Set<String> sensitive) {
        if (sensitive.isEmpty() || value == null) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> masked = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                masked.put(key, sensitive.contains(key.toLowerCase(Locale.ROOT)) && v != null && !(v instanceof Map || v instanceof List)
                        ? MASK : mask(v, sensitive));
            });
            // dry-run diffs name the column in a field rather than a key
            Object column = masked.get("columns");
            if (column instanceof Map<?, ?>) {
                masked.put("columns", maskDiffColumns((Map<?, ?>) column, sensitive));
            }
            return masked;
        }
        if (value instanceof List<?> list) {
            List<Object> masked = new ArrayList<>();
            list.forEach(v -> masked.add(mask(v, sensitive)));
            return masked;
        }
        return value;
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
                masked.put(key, v);
            }
        });
        return masked;
    }
}
