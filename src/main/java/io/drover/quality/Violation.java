package io.drover.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/** One broken rule of one item: the column, the rule as declared, its level and the offending value. */
public record Violation(String column, String rule, Level level, Object value) {

    public enum Level { ERROR, WARNING }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("column", column);
        map.put("rule", rule);
        map.put("level", level.name());
        map.put("value", value);
        return map;
    }

    @Override
    public String toString() {
        return "column '" + column + "' breaks " + rule + " (value: " + (value == null ? "NULL" : "'" + value + "'") + ")";
    }
}
