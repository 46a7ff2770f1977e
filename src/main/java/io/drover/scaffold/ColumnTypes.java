package io.drover.scaffold;

import java.util.Locale;
import java.util.Map;

/**
 * Compares a source column's type with its target column's, as the scaffold reports them: types of one
 * family (INT and int4, VARCHAR and text, DATETIME and timestamp) are written as they are; across families
 * (ENUM → a PostgreSQL enum, SET → text[], YEAR → a domain, DATETIME → date) Drover coerces each value.
 */
final class ColumnTypes {

    private static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("tinyint", "integer"), Map.entry("smallint", "integer"), Map.entry("mediumint", "integer"),
            Map.entry("int", "integer"), Map.entry("integer", "integer"), Map.entry("bigint", "integer"),
            Map.entry("int2", "integer"), Map.entry("int4", "integer"), Map.entry("int8", "integer"),
            Map.entry("smallserial", "integer"), Map.entry("serial", "integer"), Map.entry("bigserial", "integer"),
            Map.entry("serial2", "integer"), Map.entry("serial4", "integer"), Map.entry("serial8", "integer"),
            Map.entry("decimal", "decimal"), Map.entry("numeric", "decimal"), Map.entry("dec", "decimal"),
            Map.entry("varchar", "text"), Map.entry("character varying", "text"), Map.entry("text", "text"),
            Map.entry("tinytext", "text"), Map.entry("mediumtext", "text"), Map.entry("longtext", "text"),
            Map.entry("clob", "text"), Map.entry("character large object", "text"), Map.entry("citext", "text"),
            Map.entry("char", "char"), Map.entry("bpchar", "char"), Map.entry("character", "char"),
            Map.entry("datetime", "timestamp"), Map.entry("timestamp", "timestamp"),
            Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamptz", "timestamptz"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("date", "date"), Map.entry("time", "time"),
            Map.entry("float", "float"), Map.entry("double", "float"), Map.entry("real", "float"),
            Map.entry("float4", "float"), Map.entry("float8", "float"), Map.entry("double precision", "float"),
            Map.entry("blob", "binary"), Map.entry("tinyblob", "binary"), Map.entry("mediumblob", "binary"),
            Map.entry("longblob", "binary"), Map.entry("binary", "binary"), Map.entry("varbinary", "binary"),
            Map.entry("bytea", "binary"), Map.entry("binary large object", "binary"),
            Map.entry("boolean", "boolean"), Map.entry("bool", "boolean"),
            Map.entry("json", "json"), Map.entry("jsonb", "json"), Map.entry("uuid", "uuid"));

    /** Bytes of MariaDB/MySQL integer types, for the range of their UNSIGNED forms. */
    private static final Map<String, Integer> SOURCE_WIDTH = Map.of("tinyint", 1, "smallint", 2, "mediumint", 3, "int", 4,
            "integer", 4, "bigint", 8);
    private static final Map<String, Long> TARGET_MAX = Map.of("int2", (long) Short.MAX_VALUE, "smallserial", (long) Short.MAX_VALUE,
            "int4", (long) Integer.MAX_VALUE, "serial", (long) Integer.MAX_VALUE, "int8", Long.MAX_VALUE, "bigserial", Long.MAX_VALUE);

    private ColumnTypes() {
    }

    /** True when a value of the source type is coerced to reach the target type. */
    static boolean coerced(String sourceType, String targetType) {
        // MariaDB/MySQL's YEAR reaches Java as a date, whatever the target calls its year type
        return sourceType.equalsIgnoreCase("year") || !family(sourceType).equals(family(targetType));
    }

    /** The type as a user writes it: PostgreSQL's array type _text is text[]. */
    static String display(String type) {
        return type.startsWith("_") ? type.substring(1) + "[]" : type;
    }

    /**
     * The largest value an UNSIGNED source column may hold that the target integer column cannot, or -1
     * when the target holds the whole range (or either side is no integer).
     */
    static long unsignedOverflow(String sourceType, String targetType) {
        String source = sourceType.toLowerCase(Locale.ROOT);
        if (!source.endsWith(" unsigned")) {
            return -1;
        }
        Integer width = SOURCE_WIDTH.get(source.substring(0, source.length() - " unsigned".length()).trim());
        Long targetMax = TARGET_MAX.get(targetType.toLowerCase(Locale.ROOT));
        if (width == null || targetMax == null) {
            return -1;
        }
        boolean fits = width < 8 && (1L << (8 * width)) - 1 <= targetMax;
        return fits ? -1 : targetMax;
    }

    /** An integer type, whose ids are bound as numbers. */
    static boolean integer(String type) {
        return "integer".equals(family(type));
    }

    private static String family(String type) {
        String lower = type.toLowerCase(Locale.ROOT).replace(" unsigned", "").trim();
        return FAMILIES.getOrDefault(lower, lower);
    }
}
