package io.drover.log;

import io.drover.pipeline.ItemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What happened to one item attempt: the content of one migration_log row, and what a caller of the
 * item endpoint gets back.
 */
public record ItemOutcome(UUID runId, String migration, String itemId, ItemStatus status, int attempt,
                          java.util.List<java.util.Map<String, Object>> violations,
                          String sourceHash, Object sourceData, Object destinationData, Object diff,
                          String errorClass, String error, Boolean rolledBack,
                          Instant startedAt, Instant finishedAt) {

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    @Override
    public String toString() {
        return "item " + itemId + " of " + migration + ": " + status + (error == null ? "" : " (" + error + ")");
    }
}
