package io.drover.target;

import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Drover needs to know of a target table: its columns with their database type names, which of
 * them refuse NULL and which have a default, and its primary key. Read once per table from JDBC metadata.
 * Bulk mode checks and binds every value of every row against its column: each column's facts are worked
 * out once here, into one {@link Column} found by one lookup.
 */
public final class TableSchema {

    private static final Pattern SIZED_TEXT = Pattern.compile("(?i)(varchar|bpchar|character varying|character|char)\\((\\d+)\\)");
    private static final Set<String> BINARY_TYPES = Set.of(
            "bytea", "binary", "varbinary", "binary varying", "blob", "binary large object", "longblob", "mediumblob", "tinyblob");
    private static final Set<String> TEXT_TYPES = Set.of(
            "text", "varchar", "character varying", "bpchar", "char", "character", "name", "citext",
            "character large object", "clob");

    /**
     * One column and what the checks and bindings ask of it.
     *
     * @param maxLength the most characters a text column takes (varchar(n), char(n)), or -1 when unbounded or not text
     */
    public record Column(String name, String type, String declaredType, boolean notNull, boolean defaulted, int maxLength,
                         boolean binary, boolean castFromText) {

        /** NOT NULL without a default: a row must give it. */
        public boolean required() {
            return notNull && !defaulted;
        }

        /**
         * The characters of this text that a varchar(n) or char(n) column refuses to store, or 0 when it takes
         * it: more than n, unless the excess is all spaces, which PostgreSQL cuts off without a word.
         */
        public int excessLength(CharSequence text) {
            if (maxLength < 0 || text.length() <= maxLength) {
                return 0; // most values: no character counted
            }
            int end = text.length();
            while (end > 0 && text.charAt(end - 1) == ' ') {
                end--;
            }
            int length = Character.codePointCount(text, 0, end);
            return length > maxLength ? Character.codePointCount(text, 0, text.length()) - maxLength : 0;
        }
    }

    private final String table;
    private final List<String> primaryKey;
    private final List<Set<String>> uniqueKeys;
    /** By lower-case name, as the metadata gives them, in the table's column order. */
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final int requiredColumns;
    /** PostgreSQL's own facts of each column's type, by lower-case name; empty for other databases. */
    private final Map<String, ColumnType> columnTypes;

    /**
     * @param columnTypes   database type name by lower-case column name
     * @param declaredTypes the type with its length or precision (varchar(100), numeric(12,2)), where it has one
     */
    public TableSchema(String table, Map<String, String> columnTypes, Map<String, String> declaredTypes, List<String> primaryKey,
                       List<Set<String>> uniqueKeys, Set<String> notNullColumns, Set<String> defaultedColumns) {
        this(table, columnTypes, declaredTypes, primaryKey, uniqueKeys, notNullColumns, defaultedColumns, Map.of());
    }

    /** @param pgTypes PostgreSQL's facts of each column's type (see {@link ColumnType}), by lower-case column name */
    public TableSchema(String table, Map<String, String> columnTypes, Map<String, String> declaredTypes, List<String> primaryKey,
                       List<Set<String>> uniqueKeys, Set<String> notNullColumns, Set<String> defaultedColumns,
                       Map<String, ColumnType> pgTypes) {
        this.table = table;
        this.columnTypes = Map.copyOf(pgTypes);
        this.primaryKey = List.copyOf(primaryKey);
        this.uniqueKeys = List.copyOf(uniqueKeys);
        int required = 0;
        for (Map.Entry<String, String> column : columnTypes.entrySet()) {
            String name = column.getKey();
            String type = column.getValue();
            String declared = declaredTypes.getOrDefault(name, type);
            boolean notNull = notNullColumns.contains(name);
            boolean defaulted = defaultedColumns.contains(name);
            String lower = type == null ? null : type.toLowerCase(Locale.ROOT);
            Column facts = new Column(name, type, declared, notNull, defaulted, lengthOf(declared),
                    lower != null && BINARY_TYPES.contains(lower), lower != null && !TEXT_TYPES.contains(lower));
            columns.put(name, facts);
            required += facts.required() ? 1 : 0;
        }
        this.requiredColumns = required;
    }

    private static int lengthOf(String declared) {
        Matcher sized = declared == null ? null : SIZED_TEXT.matcher(declared);
        return sized != null && sized.matches() ? Integer.parseInt(sized.group(2)) : -1;
    }

    public String table() {
        return table;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    /** The column, its name matched regardless of case; null when the table has none of that name. */
    public Column column(String name) {
        Column column = columns.get(name);
        return column != null ? column : columns.get(name.toLowerCase(Locale.ROOT));
    }

    /** How many columns a row must give (NOT NULL without a default): a row giving them all needs no search for one left out. */
    public int requiredColumns() {
        return requiredColumns;
    }

    /** The required columns a row of these (lower-case) column names leaves out. */
    public List<String> requiredColumnsMissingFrom(Set<String> given) {
        return columns.values().stream().filter(c -> c.required() && !given.contains(c.name())).map(Column::name).sorted().toList();
    }

    /** True when a primary key or unique index covers exactly these columns: what an upsert's ON CONFLICT needs. */
    public boolean isUnique(List<String> columns) {
        Set<String> wanted = new HashSet<>(columns);
        return wanted.equals(new HashSet<>(primaryKey)) || uniqueKeys.contains(wanted);
    }

    /** Every column, in the table's order. */
    public java.util.Collection<Column> columns() {
        return java.util.Collections.unmodifiableCollection(columns.values());
    }

    public boolean hasColumn(String column) {
        return column(column) != null;
    }

    /** PostgreSQL's facts of the column's type, or null (another database, or no such column). */
    public ColumnType columnType(String column) {
        Column found = column(column);
        return found == null ? null : columnTypes.get(found.name());
    }

    /** The column's type as messages name it: PostgreSQL's own words where known (integer, not int4 or serial). */
    public String sqlTypeOf(String column) {
        ColumnType type = columnType(column);
        return type != null ? type.describe() : declaredTypeOf(column);
    }

    public String typeOf(String column) {
        Column found = column(column);
        return found == null ? null : found.type();
    }

    /** The column's type as declared, with length or precision (varchar(100), numeric(12,2)). */
    public String declaredTypeOf(String column) {
        Column found = column(column);
        return found == null ? null : found.declaredType();
    }

    /** True for binary columns (bytea, BLOB, VARBINARY …), which take {@link Bytes} as bytes, not as text. */
    public boolean isBinary(String column) {
        Column found = column(column);
        return found != null && found.binary();
    }

    /** True where a text value needs an explicit cast to reach the column (enums, timestamps, json, uuid …). */
    public boolean needsCastFromText(String column) {
        Column found = column(column);
        return found != null && found.castFromText();
    }
}
