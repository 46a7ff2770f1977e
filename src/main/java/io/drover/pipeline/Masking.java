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
                } else if (key.equals("key") && v instanceof String text && map.containsKey("columns")) {
                    hidden = maskDiffKey(text, sensitive); // and its changed row by its key's values
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

    /** A diff's row key, "customer_id=7,phone=+4712345678", with the values of sensitive key columns masked. */
    private static String maskDiffKey(String key, Set<String> sensitive) {
        java.util.regex.Matcher part = KEY_PART.matcher(key);
        List<int[]> parts = new ArrayList<>(); // start of the column name, start of its value
        while (part.find()) {
            parts.add(new int[] {part.start(2), part.end()});
        }
        StringBuilder masked = null;
        for (int i = parts.size() - 1; i >= 0; i--) { // from the end, so that earlier positions stay valid
            int[] at = parts.get(i);
            String column = key.substring(at[0], at[1] - 1);
            if (sensitive.contains(column.toLowerCase(Locale.ROOT))) {
                int end = i + 1 < parts.size() ? parts.get(i + 1)[0] - 1 : key.length();
                masked = (masked == null ? new StringBuilder(key) : masked).replace(at[1], end, MASK);
            }
        }
        return masked == null ? key : masked.toString();
    }

    /** One "column=" of a row key: at its start or after a comma. */
    private static final java.util.regex.Pattern KEY_PART = java.util.regex.Pattern.compile("(^|,)([A-Za-z_][A-Za-z0-9_$]*)=");

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

    /**
     * The text with every value of a sensitive column found in {@code data} (at any depth) replaced by the
     * mask: for text Drover did not write itself, such as an API's answer, which may quote what it was sent.
     * Values shorter than three characters stay, as masking them would garble the text around every match.
     */
    public static String scrubValues(String text, Object data, Set<String> sensitive) {
        if (text == null || sensitive.isEmpty() || data == null) {
            return text;
        }
        java.util.List<String> values = new java.util.ArrayList<>();
        collectValues(data, sensitive, false, values);
        values.sort(java.util.Comparator.comparingInt(String::length).reversed()); // a value inside a longer one: the longer first
        String scrubbed = text;
        for (String value : values) {
            if (value.length() >= 3) {
                scrubbed = scrubbed.replace(value, MASK);
            }
        }
        return scrubbed;
    }

    private static void collectValues(Object data, Set<String> sensitive, boolean underSensitive, java.util.List<String> values) {
        if (data instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectValues(value, sensitive,
                    underSensitive || sensitive.contains(String.valueOf(key).toLowerCase(java.util.Locale.ROOT)), values));
        } else if (data instanceof Iterable<?> list) {
            list.forEach(value -> collectValues(value, sensitive, underSensitive, values));
        } else if (underSensitive && data != null) {
            values.add(String.valueOf(data));
        }
    }
}
