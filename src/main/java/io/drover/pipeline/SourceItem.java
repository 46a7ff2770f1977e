package io.drover.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One item as loaded from the source: its root row and, for aggregates, its named child row lists.
 * Column names are looked up case-insensitively because sources differ in how they report them.
 */
public record SourceItem(Object id, Map<String, Object> root, Map<String, List<Map<String, Object>>> children) {

    public SourceItem {
        children = children == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    public List<Map<String, Object>> children(String name) {
        return children.getOrDefault(name, List.of());
    }

    /** The value of a root column, or null; the column name is matched regardless of case. */
    public Object get(String column) {
        Object value = root.get(column);
        if (value == null) {
            for (Map.Entry<String, Object> cell : root.entrySet()) {
                if (cell.getKey().equalsIgnoreCase(column)) {
                    return cell.getValue();
                }
            }
        }
        return value;
    }

    /** The shape stored in the migration log and hashed for unchanged detection. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(root);
        map.putAll(children);
        return map;
    }
}
