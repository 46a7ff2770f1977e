package io.drover.pipeline;

/** The outcome of one item attempt, as recorded in migration_log.status. */
public enum ItemStatus {
    MIGRATED, UNCHANGED, FAILED, DRY_RUN,
    /** Broke an error-level quality rule: not written, every broken rule in the log row. */
    REJECTED,
    /**
     * Asked for by id, but the item query finds no such item in the source: nothing to migrate and nothing to
     * retry (--retry-failed leaves it), unlike an item that was migrated and has since left the source ("gone").
     */
    NOT_FOUND;

    public boolean succeeded() {
        return this != FAILED && this != REJECTED && this != NOT_FOUND;
    }
}
