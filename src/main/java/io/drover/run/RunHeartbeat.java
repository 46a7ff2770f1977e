package io.drover.run;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every few seconds, touches the heartbeat of each run this process works on, so that a run whose process
 * was killed (kill -9, a lost host) shows as such instead of RUNNING forever.
 */
public final class RunHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "drover-heartbeat");
        thread.setDaemon(true); // never keeps a finished process alive
        return thread;
    });

    public RunHeartbeat(RunRecorder recorder, RunTracker tracker, Duration interval) {
        timer.scheduleWithFixedDelay(() -> beat(recorder, tracker), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void beat(RunRecorder recorder, RunTracker tracker) {
        Set<UUID> open = tracker.openRuns();
        if (open.isEmpty()) {
            return;
        }
        try {
            recorder.beat(open);
        } catch (RuntimeException e) {
            // the target is unreachable: the items say so loudly enough; the next beat tries again
            LOG.debug("Could not record the heartbeat of runs {}: {}", open, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
