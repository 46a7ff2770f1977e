package io.drover.cli;

/** The exit codes other tools rely on. */
public final class ExitCodes {

    /** Every item succeeded (MIGRATED, UNCHANGED or DRY_RUN). */
    public static final int OK = 0;
    /** At least one item did not succeed, or the run was stopped before its end. */
    public static final int ITEMS_FAILED = 1;
    /** Bad usage or configuration, found before any item was touched. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
