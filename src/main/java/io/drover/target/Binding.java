package io.drover.target;

/**
 * How one value is bound to one column: text reaches non-text columns (enums, uuid, timestamps, json)
 * through a cast, and a number compared with a text column is bound as text. Upserts, deletes of stale
 * child rows and snapshots all bind this way, so a key works the same in each.
 */
final class Binding {

    private Binding() {
    }

    static String placeholder(TargetDialect dialect, TableSchema schema, String column, Object value) {
        return value instanceof String && schema.needsCastFromText(column) ? dialect.castPlaceholder(schema.typeOf(column)) : "?";
    }

    /** A {@link Bytes} value as a column takes it: its bytes for a binary column, else its Base64 text. */
    static Object unwrapBytes(TableSchema schema, String column, Object value) {
        return value instanceof Bytes bytes ? schema.isBinary(column) ? bytes.bytes() : bytes.toString() : value;
    }

    static Object value(TableSchema schema, String column, Object value) {
        return value instanceof Number && !schema.needsCastFromText(column) && schema.typeOf(column) != null ? value.toString() : value;
    }
}
