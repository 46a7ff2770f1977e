package io.drover.target;

import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.pipeline.TargetItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What writing an item would change in the target, found by reading only: each converted row is read by its
 * key and its columns compared with the stored ones, and the rows an owned table holds for the item beyond
 * those are the ones a write would delete. Only the columns the converter gives are compared (defaults and
 * triggers fill the rest). On PostgreSQL the database itself says which columns differ
 * ({@link StoredValueComparison}); H2 (the quick start) compares the values read back.
 * The changes have the shape of {@link ItemDiff}'s.
 */
public final class TargetComparison {

    private static final ExactColumnMapRowMapper ROWS = new ExactColumnMapRowMapper();
    private static final String DIFFERS = "drover_differs_";

    private final JdbcTemplate jdbc;
    private final TableCatalog catalog;
    private final TargetDialect dialect;
    private final TargetWriter writer;

    public TargetComparison(JdbcTemplate jdbc, TableCatalog catalog, TargetDialect dialect, TargetWriter writer) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.dialect = dialect;
        this.writer = writer;
    }

    /** Makes the current transaction read-only where the database lets a transaction say so. */
    public void readOnly() {
        if (dialect == TargetDialect.POSTGRESQL) {
            jdbc.execute("SET TRANSACTION READ ONLY");
        }
    }

    public List<Map<String, Object>> changes(Migration migration, Object itemId, TargetItem item, int maxValueLength) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (TargetTable table : migration.targets()) {
            List<String> keys = catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            Set<String> found = new HashSet<>();
            for (UpdateThenInsert.Row row : writer.boundRows(migration, item, table, keys)) {
                compare(table.table(), keys, row, maxValueLength, changes, found);
            }
            if (table.owned()) {
                for (Map<String, Object> stored : ownedRows(table, itemId)) {
                    String key = keyOf(keys, stored);
                    if (!found.contains(key)) {
                        changes.add(ItemDiff.change(table.table(), key, "delete", ItemDiff.columns(stored, Map.of(), maxValueLength)));
                    }
                }
            }
        }
        return changes;
    }

    private void compare(String table, List<String> keys, UpdateThenInsert.Row row, int maxValueLength,
                         List<Map<String, Object>> changes, Set<String> found) {
        TableSchema schema = catalog.schemaOf(table);
        TableWriteFacts facts = catalog.writeFactsOf(table);
        List<String> compared = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<String> select = new ArrayList<>(List.of("*"));
        for (int i = 0; i < row.columns().size(); i++) {
            String column = row.columns().get(i);
            if (keys.contains(column)) {
                continue; // the row is found by its key
            }
            compared.add(column);
            if (dialect == TargetDialect.POSTGRESQL) {
                String placeholder = Binding.placeholder(dialect, schema, column, row.values().get(i));
                select.add(StoredValueComparison.differs(schema, facts, column, placeholder) + " AS " + DIFFERS + (compared.size() - 1));
                values.add(row.values().get(i));
            }
        }
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Object value = Binding.value(schema, keys.get(i), row.keyValues().get(i));
            conditions.add(Identifiers.quote(keys.get(i)) + " = " + Binding.placeholder(dialect, schema, keys.get(i), value));
            values.add(value);
        }
        List<Map<String, Object>> read = jdbc.query("SELECT " + String.join(", ", select) + " FROM " + Identifiers.quote(table)
                + " WHERE " + String.join(" AND ", conditions), ROWS, values.toArray());
        Map<String, Object> wanted = new LinkedHashMap<>();
        for (int i = 0; i < row.columns().size(); i++) {
            wanted.put(row.columns().get(i), JdbcValues.value(row.values().get(i)));
        }
        if (read.isEmpty()) {
            changes.add(ItemDiff.change(table, keyOf(keys, wanted), "insert", ItemDiff.columns(Map.of(), wanted, maxValueLength)));
            return;
        }
        Map<String, Object> stored = new LinkedHashMap<>(read.get(0));
        Map<String, Boolean> differs = new LinkedHashMap<>();
        for (int i = 0; i < compared.size(); i++) {
            Object answer = stored.remove(DIFFERS + i);
            differs.put(compared.get(i), answer == null ? null : Boolean.TRUE.equals(answer));
        }
        stored = JdbcValues.row(stored);
        String key = keyOf(keys, stored);
        found.add(key);
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String column : compared) {
            Object was = stored.get(column);
            Object now = wanted.get(column);
            boolean changed = differs.get(column) != null ? differs.get(column) : !sameValue(was, now);
            if (changed) {
                Map<String, Object> beforeAfter = new LinkedHashMap<>();
                beforeAfter.put("before", ItemDiff.bounded(was, maxValueLength));
                beforeAfter.put("after", ItemDiff.bounded(now, maxValueLength));
                columns.put(column, beforeAfter);
            }
        }
        if (!columns.isEmpty()) {
            changes.add(ItemDiff.change(table, key, "update", columns));
        }
    }

    private List<Map<String, Object>> ownedRows(TargetTable table, Object itemId) {
        TableSchema schema = catalog.schemaOf(table.table());
        Object owner = Binding.value(schema, table.ownerColumn(), itemId);
        String sql = "SELECT * FROM " + Identifiers.quote(table.table()) + " WHERE " + Identifiers.quote(table.ownerColumn())
                + " = " + Binding.placeholder(dialect, schema, table.ownerColumn(), owner);
        return jdbc.query(sql, ROWS, owner).stream().map(JdbcValues::row).toList();
    }

    private static String keyOf(List<String> keys, Map<String, Object> row) {
        return keys.stream().map(k -> k + "=" + row.get(k)).collect(Collectors.joining(","));
    }

    /** H2's comparison, after the JDBC read: numbers by value (1.5 = 1.50), everything else by its text. */
    private static boolean sameValue(Object stored, Object wanted) {
        if (stored instanceof Number a && wanted instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(stored, wanted) || stored != null && wanted != null && stored.toString().equals(wanted.toString());
    }
}
