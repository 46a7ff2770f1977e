package io.drover.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The profile of one kind of row (an item's root rows, or one child list): a {@link ColumnProfile} per column. */
final class SectionProfile {

    private final String name;
    private long rows;
    private final Map<String, ColumnProfile> columns = new LinkedHashMap<>();

    SectionProfile(String name) {
        this.name = name;
    }

    void add(Map<String, Object> row) {
        rows++;
        row.forEach((column, value) -> columns.computeIfAbsent(column.toLowerCase(Locale.ROOT), c -> new ColumnProfile()).add(value));
    }

    AuditReport.Section result(Set<String> sensitiveColumns) {
        List<AuditReport.Column> results = new ArrayList<>();
        columns.forEach((column, profile) -> results.add(profile.result(column, sensitiveColumns.contains(column))));
        return new AuditReport.Section(name, rows, results);
    }
}
