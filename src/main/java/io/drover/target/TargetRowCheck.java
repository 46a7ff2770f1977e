package io.drover.target;

import io.drover.migration.Migration;
import io.drover.pipeline.TargetItem;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks converted rows against what the target tables declare, without writing them: NOT NULL columns
 * that would get NULL (unless a BEFORE INSERT trigger may fill them), text longer than a declared length, columns and tables the target does not have.
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
            boolean nullsChecked = !tables.writeFactsOf(table.getKey()).triggersMayFillColumns();
            for (Map<String, Object> row : table.getValue()) {
                String problem = problem(schema, table.getKey().toLowerCase(Locale.ROOT), row, nullsChecked);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** @param nullsChecked false where a BEFORE INSERT trigger may fill a NOT NULL column: the write decides */
    private static String problem(TableSchema schema, String table, Map<String, Object> row, boolean nullsChecked) {
        int required = 0;
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            TableSchema.Column column = schema.column(cell.getKey());
            if (column == null) {
                return table + "." + cell.getKey().toLowerCase(Locale.ROOT) + " is not a column of the table";
            }
            required += column.required() ? 1 : 0;
            Object value = Binding.unwrapBytes(schema, column.name(), cell.getValue());
            if (value == null && column.notNull() && nullsChecked) {
                return table + "." + column.name() + " NOT NULL";
            }
            if (value instanceof CharSequence text && column.excessLength(text) > 0) {
                return table + "." + column.name() + " longer than " + column.declaredType();
            }
        }
        if (required < schema.requiredColumns() && nullsChecked) {
            // the upsert names only the row's columns: one left out gets its default, or NULL without one
            Set<String> given = new HashSet<>();
            row.keySet().forEach(column -> given.add(column.toLowerCase(Locale.ROOT)));
            return table + "." + schema.requiredColumnsMissingFrom(given).get(0) + " NOT NULL";
        }
        return null;
    }
}
