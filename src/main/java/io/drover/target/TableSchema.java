package io.drover.target;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Drover needs to know of a target table: its columns with their database type names, and its
 * primary key. Read once per table from JDBC metadata.
 */
public record TableSchema(String table, Map<String, String> columnTypes, Map<String, String> declaredTypes,
                          List<String> primaryKey, List<java.util.Set<String>> uniqueKeys) {

    /** True when a primary key or unique index covers exactly these columns: what an upsert's ON CONFLICT needs. */
    public boolean isUnique(List<String> columns) {
        java.util.Set<String> wanted = new java.util.HashSet<>(columns);
        return wanted.equals(new java.util.HashSet<>(primaryKey)) || uniqueKeys.contains(wanted);
    }

    private static final Set<String> TEXT_TYPES = Set.of(
            "text", "varchar", "character varying", "bpchar", "char", "character", "name", "citext",
            "character large object", "clob");

    public boolean hasColumn(String column) {
        return columnTypes.containsKey(column.toLowerCase(Locale.ROOT));
    }

    public String typeOf(String column) {
        return columnTypes.get(column.toLowerCase(Locale.ROOT));
    }

    /** The column's type as declared, with length or precision (varchar(100), numeric(12,2)). */
    public String declaredTypeOf(String column) {
        return declaredTypes.getOrDefault(column.toLowerCase(Locale.ROOT), typeOf(column));
    }

    /** True where a text value needs an explicit cast to reach the column (enums, timestamps, json, uuid …). */
    public boolean needsCastFromText(String column) {
        String type = typeOf(column);
        return type != null && !TEXT_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }
}
