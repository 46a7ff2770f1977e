package io.drover.pipeline;

/** The outcome of one item attempt, as recorded in migration_log.status. */
public enum ItemStatus {
    MIGRATED, UNCHANGED, FAILED, DRY_RUN;

    public boolean succeeded() {
        return this != FAILED;
    }
}
