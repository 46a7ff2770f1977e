package io.drover.run;

import io.drover.migration.Migration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How a run's ids reach workers outside this process (the distributed mode), and how their outcomes come
 * back to the run's counts, which then wait, print and record the run as for a run in one process.
 */
public interface ItemDispatch {

    /** Sends every selected id with the run's headers, counting each once as submitted; returns when all are sent or stopped. */
    void send(Migration migration, ItemSelection selection, Map<String, Object> headers, RunCounts counts, BooleanSupplier stopped);

    /** Starts bringing the run's outcomes to {@code tracker}, until closed (after the wait for every outcome). */
    AutoCloseable follow(Migration migration, java.util.UUID runId, RunTracker tracker);

    /** A line saying where the ids went, printed once they are all sent. */
    String describe(Migration migration, int sent);
}
