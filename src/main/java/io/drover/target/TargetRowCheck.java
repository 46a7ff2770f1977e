package io.drover.target;

import io.drover.migration.Migration;
import io.drover.pipeline.TargetItem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Checks converted rows against what the target tables declare, without writing them: NOT NULL columns
 * that would get NULL, text longer than a declared length, columns and tables the target does not have.
 * Check constraints, foreign keys and unique indexes are left to the write (and duplicates to the audit's
 * business keys). The audit predicts outcomes with it; bulk mode sends an item it would refuse through the
 * item route, so that the item does not make its whole chunk fail first.
 */
public final class TargetRowCheck {

    private final Migration migration;
    private final TableCatalog tables;

    public TargetRowCheck(Migration migration, TableCatalog tables) {
        this.migration = migration;
        this.tables = tables;
    }

    /** The first reason the target would refuse the item's rows, named by table and column; null when none. */
    public String problem(TargetItem item) {
        for (Map.Entry<String, List<Map<String, Object>>> table : item.asMap().entrySet()) {
            if (migration.target(table.getKey()) == null) {
                return "rows for table '" + table.getKey() + "', which is not among the migration's targets";
            }
            TableSchema schema = tables.schemaOf(table.getKey());
            for (Map<String, Object> row : table.getValue()) {
                String problem = problem(schema, table.getKey().toLowerCase(Locale.ROOT), row);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String problem(TableSchema schema, String table, Map<String, Object> row) {
        java.util.Set<String> given = new java.util.HashSet<>();
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            String column = cell.getKey().toLowerCase(Locale.ROOT);
            given.add(column);
            if (!schema.hasColumn(column)) {
                return table + "." + column + " is not a column of the table";
            }
            Object value = Binding.unwrapBytes(schema, column, cell.getValue());
            if (value == null && schema.isNotNull(column)) {
                return table + "." + column + " NOT NULL";
            }
            OptionalInt max = schema.maxLength(column);
            if (value instanceof CharSequence text && max.isPresent()
                    && text.toString().codePointCount(0, text.length()) > max.getAsInt()) {
                return table + "." + column + " longer than " + schema.declaredTypeOf(column);
            }
        }
        // the upsert names only the row's columns: one left out gets its default, or NULL without one
        for (String column : schema.notNullColumns()) {
            if (!given.contains(column) && !schema.hasDefault(column)) {
                return table + "." + column + " NOT NULL";
            }
        }
        return null;
    }
}
