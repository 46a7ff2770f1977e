package io.drover.target;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Drover needs to know of a target table: its columns with their database type names, which of
 * them refuse NULL and which have a default, and its primary key. Read once per table from JDBC metadata.
 */
public record TableSchema(String table, Map<String, String> columnTypes, Map<String, String> declaredTypes,
                          List<String> primaryKey, List<java.util.Set<String>> uniqueKeys,
                          Set<String> notNullColumns, Set<String> defaultedColumns) {

    private static final java.util.regex.Pattern SIZED_TEXT = java.util.regex.Pattern.compile(
            "(?i)(varchar|bpchar|character varying|character|char)\\((\\d+)\\)");

    /** True when a primary key or unique index covers exactly these columns: what an upsert's ON CONFLICT needs. */
    public boolean isUnique(List<String> columns) {
        java.util.Set<String> wanted = new java.util.HashSet<>(columns);
        return wanted.equals(new java.util.HashSet<>(primaryKey)) || uniqueKeys.contains(wanted);
    }

    private static final Set<String> BINARY_TYPES = Set.of(
            "bytea", "binary", "varbinary", "binary varying", "blob", "binary large object", "longblob", "mediumblob", "tinyblob");
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

    /** True when the column refuses NULL (NOT NULL, primary key). */
    public boolean isNotNull(String column) {
        return notNullColumns.contains(column.toLowerCase(Locale.ROOT));
    }

    /** True when the database fills the column if an insert leaves it out (a default, identity or generated column). */
    public boolean hasDefault(String column) {
        return defaultedColumns.contains(column.toLowerCase(Locale.ROOT));
    }

    /** The most characters a text column takes (varchar(n), char(n)); empty for unbounded or non-text columns. */
    public java.util.OptionalInt maxLength(String column) {
        String declared = declaredTypeOf(column);
        return declared == null ? java.util.OptionalInt.empty() : LENGTHS.computeIfAbsent(declared, TableSchema::lengthOf);
    }

    /** Declared types are few and bulk mode checks every value against its column: read each type once. */
    private static final Map<String, java.util.OptionalInt> LENGTHS = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.OptionalInt lengthOf(String declared) {
        java.util.regex.Matcher sized = SIZED_TEXT.matcher(declared);
        return sized.matches() ? java.util.OptionalInt.of(Integer.parseInt(sized.group(2))) : java.util.OptionalInt.empty();
    }

    /** True for binary columns (bytea, BLOB, VARBINARY …), which take {@link Bytes} as bytes, not as text. */
    public boolean isBinary(String column) {
        String type = typeOf(column);
        return type != null && BINARY_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }

    /** True where a text value needs an explicit cast to reach the column (enums, timestamps, json, uuid …). */
    public boolean needsCastFromText(String column) {
        String type = typeOf(column);
        return type != null && !TEXT_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }
}
