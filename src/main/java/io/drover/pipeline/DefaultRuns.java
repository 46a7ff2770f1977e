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
    private final String arguments;
    private final Map<String, UUID> runs = new ConcurrentHashMap<>();

    public DefaultRuns(RunRecorder recorder, String arguments) {
        this.recorder = recorder;
        this.arguments = arguments;
    }

    public UUID runOf(String migration) {
        return runs.computeIfAbsent(migration, m -> recorder.start(m, arguments));
    }

    public Map<String, UUID> open() {
        return Map.copyOf(runs);
    }
}
