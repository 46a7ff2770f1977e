package io.drover.pipeline;

import java.util.LinkedHashMap;

/**
 * A converter for straight copies: the item's root row goes as it is into one target table, column by
 * column of the same name. Declare it with the table in a migration's beans:
 * {@code type: "#class:io.drover.pipeline.CopyConverter"} and {@code properties: {table: my_table}}.
 */
public class CopyConverter implements ItemConverter {

    private String table;

    public void setTable(String table) {
        this.table = table;
    }

    @Override
    public TargetItem convert(SourceItem source) {
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("CopyConverter needs its property 'table'");
        }
        return new TargetItem().row(table, new LinkedHashMap<>(source.root()));
    }
}
