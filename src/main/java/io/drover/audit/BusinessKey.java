package io.drover.audit;

import io.drover.DroverConfigException;
import io.drover.migration.IdType;
import io.drover.migration.Migration;
import io.drover.pipeline.SourceItem;
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
 * @param unique whether a unique rule declares it, which makes duplicates REJECTED in the prediction
 */
record BusinessKey(String name, String child, String column, boolean unique) {

    static BusinessKey parse(Migration migration, String text, boolean unique) {
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
        return new BusinessKey(name, child, column, unique);
    }

    String declaredBy() {
        return unique ? "unique rule" : "--key";
    }

    /** The item's non-null values of the key, as text, each once. */
    Set<String> values(SourceItem item) {
        Set<String> values = new LinkedHashSet<>();
        List<Map<String, Object>> rows = child == null ? List.of(item.root()) : item.children(child);
        for (Map<String, Object> row : rows) {
            Object value = valueOf(row);
            if (value != null) {
                values.add(value instanceof Number ? IdType.key(value) : value.toString());
            }
        }
        return values;
    }

    /**
     * Whether the item's rows of this key's kind have its column: null while the item has no such rows,
     * so that a misspelt key can be refused at the first item that tells.
     */
    Boolean columnPresent(SourceItem item) {
        List<Map<String, Object>> rows = child == null ? List.of(item.root()) : item.children(child);
        return rows.isEmpty() ? null : rows.get(0).keySet().stream().anyMatch(c -> c.equalsIgnoreCase(column));
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

    static List<BusinessKey> all(Migration migration, List<String> uniqueRules, List<String> options) {
        List<BusinessKey> keys = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String rule : uniqueRules) {
            BusinessKey key = parse(migration, rule, true);
            if (seen.add(key.name())) {
                keys.add(key);
            }
        }
        for (String option : options) {
            BusinessKey key = parse(migration, option, false);
            if (seen.add(key.name())) {
                keys.add(key);
            }
        }
        return keys;
    }
}
