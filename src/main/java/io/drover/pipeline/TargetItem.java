package io.drover.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows one item becomes in the target, by table, in the order the converter added them. */
public final class TargetItem {

    private final Map<String, List<Map<String, Object>>> rowsByTable = new LinkedHashMap<>();

    public TargetItem row(String table, Map<String, Object> row) {
        rowsByTable.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
        return this;
    }

    public TargetItem rows(String table, List<Map<String, Object>> rows) {
        rowsByTable.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows);
        return this;
    }

    public List<Map<String, Object>> rows(String table) {
        return rowsByTable.getOrDefault(table, List.of());
    }

    public Map<String, List<Map<String, Object>>> asMap() {
        return Collections.unmodifiableMap(rowsByTable);
    }
}
