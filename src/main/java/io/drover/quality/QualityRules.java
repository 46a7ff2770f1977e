package io.drover.quality;

import io.drover.DroverConfigException;
import io.drover.pipeline.SourceItem;
import io.drover.target.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A migration's declared quality: per source column, cleansing steps and rules in the order written,
 * one column per line: {@code email: trim, lower, required, format email}. A child list's column is
 * written {@code addresses.street}. Applied to each loaded item before its conversion.
 */
public final class QualityRules {

    private record ColumnSteps(String child, String column, List<Step> steps) {
    }

    /** The cleansed item and every rule it broke. */
    public record Result(SourceItem item, List<Violation> violations) {
        public boolean rejected() {
            return violations.stream().anyMatch(v -> v.level() == Violation.Level.ERROR);
        }
    }

    private final List<ColumnSteps> columns;

    private QualityRules(List<ColumnSteps> columns) {
        this.columns = columns;
    }

    public static QualityRules none() {
        return new QualityRules(List.of());
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    public static QualityRules parse(String migration, String declaration) {
        List<ColumnSteps> columns = new ArrayList<>();
        for (String line : declaration == null ? new String[0] : declaration.split("\\n")) {
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new DroverConfigException("migration '" + migration + "': cannot read quality line '" + line.trim()
                        + "'; expected '<column>: <step>, <step>…', e.g. 'email: trim, lower, required, format email'");
            }
            String name = line.substring(0, colon).trim();
            String child = null;
            String column = name;
            int dot = name.indexOf('.');
            if (dot > 0) {
                child = Identifiers.check("migration '" + migration + "': quality child list", name.substring(0, dot));
                column = name.substring(dot + 1);
            }
            Identifiers.check("migration '" + migration + "': quality column", column);
            List<Step> steps = new ArrayList<>();
            for (String step : line.substring(colon + 1).split(",")) {
                if (!step.isBlank()) {
                    steps.add(Step.parse(migration, name, step));
                }
            }
            columns.add(new ColumnSteps(child, column.toLowerCase(Locale.ROOT), steps));
        }
        return new QualityRules(columns);
    }

    public Result apply(SourceItem item) {
        if (columns.isEmpty()) {
            return new Result(item, List.of());
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> root = new LinkedHashMap<>(item.root());
        Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
        item.children().forEach((name, rows) -> {
            List<Map<String, Object>> copies = new ArrayList<>();
            rows.forEach(row -> copies.add(new LinkedHashMap<>(row)));
            children.put(name, copies);
        });
        for (ColumnSteps checks : columns) {
            if (checks.child() == null) {
                check(checks, root, checks.column(), violations);
            } else {
                List<Map<String, Object>> rows = children.getOrDefault(checks.child(), List.of());
                for (int i = 0; i < rows.size(); i++) {
                    check(checks, rows.get(i), checks.child() + "[" + i + "]." + checks.column(), violations);
                }
            }
        }
        return new Result(new SourceItem(item.id(), root, children), violations);
    }

    private static void check(ColumnSteps checks, Map<String, Object> row, String name, List<Violation> violations) {
        Object value = row.get(checks.column());
        boolean cleansed = false;
        for (Step step : checks.steps()) {
            if (step instanceof Step.Cleanse cleanse) {
                value = cleanse.apply(value);
                cleansed = true;
            } else if (step instanceof Step.Rule rule && !rule.test().test(value)) {
                violations.add(new Violation(name, rule.text(), rule.level(), value));
            }
        }
        if (cleansed) {
            row.put(checks.column(), value);
        }
    }
}
