package io.drover.run;

import io.drover.log.ItemOutcome;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Routes every item outcome to the counts of its run, for the summary and for waiting on the end of a run. */
public final class RunTracker {

    private final Map<UUID, RunCounts> runs = new ConcurrentHashMap<>();

    public RunCounts open(UUID runId) {
        return runs.computeIfAbsent(runId, id -> new RunCounts());
    }

    /** The runs this process works on now, whose heartbeat it gives. */
    public java.util.Set<UUID> openRuns() {
        return java.util.Set.copyOf(runs.keySet());
    }

    public void close(UUID runId) {
        runs.remove(runId);
    }

    public void completed(ItemOutcome outcome) {
        RunCounts counts = outcome.runId() == null ? null : runs.get(outcome.runId());
        if (counts != null) {
            counts.add(outcome);
        }
    }
}
