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

        public Result plus(List<Violation> more) {
            if (more.isEmpty()) {
                return this;
            }
            List<Violation> all = new ArrayList<>(violations);
            all.addAll(more);
            return new Result(item, all);
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

    /** A column declared {@code unique}: {@code email} on the root row, or {@code addresses.street} on a child list. */
    public record UniqueKey(String name, String child, String column, Violation.Level level) {

        /** The key's values in a (cleansed) item: one for a root column, one per row for a child column; NULLs left out. */
        public List<Object> valuesIn(SourceItem item) {
            List<Object> values = new ArrayList<>();
            List<Map<String, Object>> rows = child == null ? List.of(item.root()) : item.children(child);
            for (Map<String, Object> row : rows) {
                Object value = row.get(column);
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        }
    }

    /**
     * Fails at the start of a run, not at every item, when a rule cannot work: a 'check' rule names a bean
     * that is not bound, a 'reference' rule a table or column its database does not have.
     */
    public void validate(String migration, RuleEnvironment environment) {
        for (ColumnSteps checks : columns) {
            for (Step step : checks.steps()) {
                if (step instanceof Step.Rule rule) {
                    try {
                        rule.test().validate(environment);
                    } catch (RuntimeException e) {
                        throw new DroverConfigException("migration '" + migration + "', quality of '" + checks.column()
                                + "': rule '" + rule.text() + "': " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    /** The columns declared unique, as written. */
    public List<UniqueKey> uniqueKeys() {
        List<UniqueKey> keys = new ArrayList<>();
        for (ColumnSteps checks : columns) {
            for (Step step : checks.steps()) {
                if (step instanceof Step.Unique unique) {
                    keys.add(new UniqueKey(checks.child() == null ? checks.column() : checks.child() + "." + checks.column(),
                            checks.child(), checks.column(), unique.level()));
                }
            }
        }
        return keys;
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

    /** Applies cleansing and the rules that need nothing beyond the item (no reference, no check). */
    public Result apply(SourceItem item) {
        return apply(item, RuleEnvironment.none());
    }

    /**
     * Cleanses the item and checks every rule but unique, which is judged across items ({@link UniqueClaims}
     * with {@link #uniqueKeys()}).
     */
    public Result apply(SourceItem item, RuleEnvironment environment) {
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
        // rules that look at other columns (check beans) see the item as cleansed so far
        SourceItem cleansed = new SourceItem(item.id(), root, children);
        for (ColumnSteps checks : columns) {
            if (checks.child() == null) {
                check(checks, root, checks.column(), cleansed, environment, violations);
            } else {
                List<Map<String, Object>> rows = children.getOrDefault(checks.child(), List.of());
                for (int i = 0; i < rows.size(); i++) {
                    check(checks, rows.get(i), checks.child() + "[" + i + "]." + checks.column(), cleansed, environment, violations);
                }
            }
        }
        return new Result(cleansed, violations);
    }

    private static void check(ColumnSteps checks, Map<String, Object> row, String name, SourceItem item,
                              RuleEnvironment environment, List<Violation> violations) {
        Object value = row.get(checks.column());
        boolean cleansed = false;
        for (Step step : checks.steps()) {
            if (step instanceof Step.Cleanse cleanse) {
                value = cleanse.apply(value);
                cleansed = true;
            } else if (step instanceof Step.Rule rule) {
                String failure = rule.test().failure(value, item, environment);
                if (failure != null) {
                    violations.add(new Violation(name, rule.text(), rule.level(), value, failure.isEmpty() ? null : failure));
                }
            }
        }
        if (cleansed) {
            row.put(checks.column(), value);
        }
    }
}
