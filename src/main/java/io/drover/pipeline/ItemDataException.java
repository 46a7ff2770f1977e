package io.drover.pipeline;

/**
 * Bad source data found while converting an item: names the column and the rule it breaks, and the
 * offending value. The pipeline adds the migration and item id.
 */
public class ItemDataException extends RuntimeException {

    private static final int SHOWN_CHARACTERS = 80;

    private final String column;
    private final String rule;
    private final transient Object value;

    public ItemDataException(String column, String rule, Object value) {
        super("column '" + column + "' " + rule + " (value: " + quote(value) + ")");
        this.column = column;
        this.rule = rule;
        this.value = value;
    }

    /**
     * The same failure with the value hidden, for columns declared sensitive. The rule text goes too when
     * it quotes a database message, which may hold the value itself.
     */
    public ItemDataException masked() {
        String safeRule = rule.contains(": ") ? rule.substring(0, rule.indexOf(": ")) : rule;
        ItemDataException masked = new ItemDataException(column, safeRule, Masking.MASK, true);
        masked.setStackTrace(getStackTrace());
        return masked;
    }

    private ItemDataException(String column, String rule, String shown, boolean alreadyQuoted) {
        super("column '" + column + "' " + rule + " (value: " + shown + ")");
        this.column = column;
        this.rule = rule;
        this.value = null;
    }

    public String column() {
        return column;
    }

    public String rule() {
        return rule;
    }

    /** The offending value as shown in messages: quoted, control characters escaped, long values cut. */
    public static String quote(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof byte[] bytes ? new io.drover.target.Bytes(bytes).toString() : value.toString();
        String shown = text.length() > SHOWN_CHARACTERS ? text.substring(0, SHOWN_CHARACTERS) : text;
        shown = shown.replace("\u0000", "\\0").replaceAll("\\p{Cntrl}", "?");
        return "'" + shown + "'" + (text.length() > SHOWN_CHARACTERS ? "… (" + text.length() + " characters)" : "");
    }
}
