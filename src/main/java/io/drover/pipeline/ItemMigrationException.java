package io.drover.pipeline;

/**
 * The one exception type for a failed item: it names the migration and the item, says whether the
 * item's transaction was rolled back, and carries the root cause.
 */
public class ItemMigrationException extends RuntimeException {

    private final String migration;
    private final String itemId;
    private final boolean rolledBack;

    public ItemMigrationException(String migration, String itemId, boolean rolledBack, Throwable cause) {
        super("Item " + itemId + " of migration '" + migration + "'" + (ItemNotFoundException.isCauseOf(cause) ? " is not in the source"
                : " failed") + (rolledBack ? " and was rolled back, nothing of it was written" : ", nothing of it was written")
                + ": " + describe(cause), cause);
        this.migration = migration;
        this.itemId = itemId;
        this.rolledBack = rolledBack;
    }

    /** Tables then API: the item's rows are committed, its API call failed. */
    public static ItemMigrationException afterTables(String migration, String itemId, Throwable cause) {
        return new ItemMigrationException(migration, itemId, "Item " + itemId + " of migration '" + migration
                + "' failed: tables written, API call failed: " + describe(cause), cause);
    }

    private ItemMigrationException(String migration, String itemId, String message, Throwable cause) {
        super(message, cause);
        this.migration = migration;
        this.itemId = itemId;
        this.rolledBack = false;
    }

    public String migration() {
        return migration;
    }

    public String itemId() {
        return itemId;
    }

    public boolean rolledBack() {
        return rolledBack;
    }

    /**
     * The most telling message of a cause chain: Drover's own naming of column and rule where there is
     * one, else the database's message, which names table, column or constraint.
     */
    public static String describe(Throwable cause) {
        Throwable deepest = cause;
        while (deepest.getCause() != null && deepest.getCause() != deepest && !(deepest instanceof ItemDataException)) {
            deepest = deepest.getCause();
        }
        String message = messageOf(deepest).replaceAll("\\s+", " ").trim();
        // H2 quotes the whole statement, values and all, before its error code: the error and the code say enough
        message = message.replaceFirst("; SQL statement: .*(\\[\\d+-\\d+\\])$", " $1");
        if (message.contains("canceling statement due to lock timeout")) {
            message += " (another session holds a lock on a row of this item; Drover waited drover.target.lock-timeout-ms)";
        } else if (message.contains("canceling statement due to statement timeout")) {
            message += " (a statement of this item ran longer than drover.target.statement-timeout-ms)";
        }
        return message;
    }

    /**
     * A failure's own message; an Error's with its class ("broken invariant" alone would hide an
     * AssertionError), and the class alone where there is no message (a StackOverflowError).
     */
    static String messageOf(Throwable failure) {
        if (failure.getMessage() == null) {
            return failure.getClass().getSimpleName();
        }
        return failure instanceof Error ? failure.getClass().getSimpleName() + ": " + failure.getMessage() : failure.getMessage();
    }

    public static Throwable rootCause(Throwable cause) {
        Throwable deepest = cause;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest;
    }
}
