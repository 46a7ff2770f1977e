package io.drover.pipeline;

/** The outcome of one item attempt, as recorded in migration_log.status. */
public enum ItemStatus {
    MIGRATED, UNCHANGED, FAILED, DRY_RUN,
    /** Broke an error-level quality rule: not written, every broken rule in the log row. */
    REJECTED;

    public boolean succeeded() {
        return this != FAILED && this != REJECTED;
    }
}
