package io.drover.audit;

import io.drover.DroverConfigException;
import io.drover.migration.Migration;
import io.drover.pipeline.SourceItem;
import io.drover.quality.QualityRules;
import io.drover.quality.Violation;
import io.drover.target.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A column whose values should identify one item: a root column ({@code email}) or a child list's
 * column ({@code addresses.street}), declared by a unique rule or asked for with --key.
 *
 * @param declaredBy        "unique rule", "warn unique rule" or "--key"
 * @param rejectsDuplicates an error-level unique rule: every holder but the lowest id is REJECTED
 */
record BusinessKey(String name, String child, String column, String declaredBy, boolean rejectsDuplicates) {

    static BusinessKey parse(Migration migration, String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        int dot = name.indexOf('.');
        String child = dot > 0 ? name.substring(0, dot) : null;
        String column = dot > 0 ? name.substring(dot + 1) : name;
        String where = "migration '" + migration.name() + "': business key '" + text.trim() + "'";
        Identifiers.check(where + ": column", column);
        if (child != null && !migration.childQueries().containsKey(child)) {
            throw new DroverConfigException(where + " names no child list of the migration; its child lists: "
                    + migration.childQueries().keySet());
        }
        return new BusinessKey(name, child, column, "--key", false);
    }

    static BusinessKey of(QualityRules.UniqueKey unique) {
        boolean error = unique.level() == Violation.Level.ERROR;
        return new BusinessKey(unique.name().toLowerCase(Locale.ROOT), unique.child(), unique.column(),
                error ? "unique rule" : "warn unique rule", error);
    }

    /** The columns declared unique in the migration's quality, then those of --key that are not among them. */
    static List<BusinessKey> all(Migration migration, List<String> options) {
        List<BusinessKey> keys = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (QualityRules.UniqueKey unique : migration.quality().uniqueKeys()) {
            BusinessKey key = of(unique);
            if (seen.add(key.name())) {
                keys.add(key);
            }
        }
        for (String option : options) {
            BusinessKey key = parse(migration, option);
            if (seen.add(key.name())) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The item's non-null values of the key as text, each once: compared as the unique rule compares them. */
    Set<String> values(SourceItem item) {
        Set<String> values = new LinkedHashSet<>();
        for (Map<String, Object> row : rows(item)) {
            Object value = valueOf(row);
            if (value != null) {
                values.add(value.toString());
            }
        }
        return values;
    }

    /**
     * Whether the item's rows of this key's kind have its column: null while the item has no such rows,
     * so that a misspelt key can be refused at the first item that tells.
     */
    Boolean columnPresent(SourceItem item) {
        List<Map<String, Object>> rows = rows(item);
        return rows.isEmpty() ? null : rows.get(0).keySet().stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    private List<Map<String, Object>> rows(SourceItem item) {
        return child == null ? List.of(item.root()) : item.children(child);
    }

    private Object valueOf(Map<String, Object> row) {
        Object value = row.get(column);
        if (value == null) {
            for (Map.Entry<String, Object> cell : row.entrySet()) {
                if (cell.getKey().equalsIgnoreCase(column)) {
                    return cell.getValue();
                }
            }
        }
        return value;
    }
}
