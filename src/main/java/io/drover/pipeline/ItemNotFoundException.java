package io.drover.pipeline;

/**
 * The item query finds no row for an id: the source has no such item (a mistyped id, or one deleted since
 * its id was read). Its outcome is NOT_FOUND, which no retry selects.
 */
public class ItemNotFoundException extends ItemDataException {

    public ItemNotFoundException(String idColumn, Object id) {
        super(idColumn, "matches no row of the item query: the source has no such item", id);
    }

    /** True when the failure, or one of its causes, is that the item is not in the source. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ItemNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
