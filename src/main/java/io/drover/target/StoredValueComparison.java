package io.drover.target;

/**
 * Whether a column's stored value differs from a new one, asked of PostgreSQL the way an assignment would
 * store the new one: it is cast to the column's declared type first (1.5 goes into numeric(8,2) as 1.50, a
 * timestamp text is parsed, an enum label checked), then both sides are compared as text. Update-then-insert
 * skips unchanged rows with it, and a verification names the columns that differ with it, so both agree on
 * what "unchanged" means.
 */
final class StoredValueComparison {

    private StoredValueComparison() {
    }

    /** The stored side: the column as text. */
    static String stored(String column) {
        return "CAST(" + Identifiers.quote(column) + " AS text)";
    }

    /** The new side: the placeholder cast to the type the column stores, then to text. */
    static String wanted(TableSchema schema, TableWriteFacts facts, String column, String placeholder) {
        String type = facts.comparedTypes().getOrDefault(column, schema.typeOf(column));
        return "CAST(CAST(" + placeholder + " AS " + type + ") AS text)";
    }

    /** True in SQL when the stored value of the column differs from the value bound at the placeholder. */
    static String differs(TableSchema schema, TableWriteFacts facts, String column, String placeholder) {
        return stored(column) + " IS DISTINCT FROM " + wanted(schema, facts, column, placeholder);
    }
}
