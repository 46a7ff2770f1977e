package io.drover.pipeline;

import io.drover.run.RunRecorder;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run an item belongs to when its message names none: items sent by an embedding application or
 * arriving through the triggers of `drover run` are logged under one run per migration and process.
 */
public final class DefaultRuns {

    private final RunRecorder recorder;
    private final io.drover.run.RunTracker tracker;
    private final String arguments;
    private final Map<String, UUID> runs = new ConcurrentHashMap<>();

    public DefaultRuns(RunRecorder recorder, io.drover.run.RunTracker tracker, String arguments) {
        this.recorder = recorder;
        this.tracker = tracker;
        this.arguments = arguments;
    }

    /** The run of this migration in this process, opened (recorded and counted) on first use. */
    public UUID runOf(String migration) {
        return runs.computeIfAbsent(migration, m -> {
            UUID runId = recorder.start(m, arguments);
            tracker.open(runId);
            return runId;
        });
    }

    public Map<String, UUID> open() {
        return Map.copyOf(runs);
    }

    /**
     * Records the end of every run opened here, as the Camel context stops: FAILED when one of its items
     * failed or was rejected, else SUCCEEDED. A run is closed once; an item arriving later opens a new one.
     */
    public void closeAll() {
        for (String migration : runs.keySet()) {
            UUID runId = runs.remove(migration);
            if (runId != null) {
                io.drover.run.RunCounts counts = tracker.open(runId);
                recorder.finish(runId, counts, counts.hasFailures() ? "FAILED" : "SUCCEEDED");
                tracker.close(runId);
            }
        }
    }
}
