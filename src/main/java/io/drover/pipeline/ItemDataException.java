package io.drover.pipeline;

/**
 * Bad source data found while converting an item: names the column and the rule it breaks, and the
 * offending value. The pipeline adds the migration and item id.
 */
public class ItemDataException extends RuntimeException {

    private final String column;
    private final String rule;

    public ItemDataException(String column, String rule, Object value) {
        super("column '" + column + "' " + rule + " (value: " + quote(value) + ")");
        this.column = column;
        this.rule = rule;
    }

    public String column() {
        return column;
    }

    public String rule() {
        return rule;
    }

    private static String quote(Object value) {
        return value == null ? "NULL" : "'" + value + "'";
    }
}
