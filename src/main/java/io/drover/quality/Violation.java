package io.drover.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One broken rule of one item: the column, the rule as declared, its level, the offending value and,
 * where the rule has more to say, why (the item that holds a unique value, what a check bean answered).
 */
public record Violation(String column, String rule, Level level, Object value, String detail) {

    public enum Level { ERROR, WARNING }

    public Violation(String column, String rule, Level level, Object value) {
        this(column, rule, level, value, null);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("column", column);
        map.put("rule", rule);
        map.put("level", level.name());
        map.put("value", value);
        if (detail != null) {
            map.put("detail", detail);
        }
        return map;
    }

    @Override
    public String toString() {
        return "column '" + column + "' breaks " + rule + " (value: " + (value == null ? "NULL" : "'" + value + "'")
                + (detail == null ? "" : "; " + detail) + ")";
    }
}
