package io.drover.scaffold;

import java.util.List;

/**
 * A foreign key as JDBC metadata describes it: the referencing columns of {@code table}, the table and
 * columns they reference, and whether the check can wait until commit. Names are lower case.
 */
public record ForeignKey(String name, String table, List<String> columns, String referencedTable,
                         List<String> referencedColumns, boolean deferrable) {

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    public boolean singleColumn() {
        return columns.size() == 1;
    }

    @Override
    public String toString() {
        return table + "." + String.join(",", columns) + " → " + referencedTable;
    }
}
