package io.drover.distributed;

import io.drover.config.DroverBeans;
import io.drover.log.ItemOutcome;
import io.drover.log.ItemState;
import io.drover.log.MigrationLog;
import io.drover.pipeline.ItemPipeline;
import io.drover.pipeline.ItemStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Counts a dead-lettered record in the run it was published for (route work-kafka-ids): its item gets a
 * FAILED log row in that run naming why, so that the coordinator, which waits for an outcome of every id it
 * published, ends with the right counts and exit code instead of waiting for ever; and its state says
 * FAILED, so that `--retry-failed` sends it again once the workers can work it. A record of no run (none
 * published by a coordinator) is only dead-lettered.
 */
public final class DeadLetteredRecords {

    /** Runs after the record went to the dead-letter topic and before its offset is committed. */
    public void countInRun(Exchange exchange) {
        Message message = exchange.getMessage();
        UUID runId = runIdOf(message.getHeader(ItemPipeline.RUN_ID, String.class));
        String migration = message.getHeader(ItemPipeline.MIGRATION, String.class);
        if (runId == null || migration == null || migration.isBlank()) {
            return;
        }
        String itemId = itemIdOf(message);
        MigrationLog log = DroverBeans.of(exchange.getContext()).log();
        Optional<ItemState> previous = log.state(migration, itemId);
        Instant now = Instant.now();
        String error = "Item " + itemId + " of migration '" + migration + "' was not worked, nothing of it was written: its record went to"
                + " the dead-letter topic " + exchange.getContext().resolvePropertyPlaceholders("{{drover.kafka.dead-letter-topic}}")
                + ": " + exchange.getVariable(KafkaWorker.DEAD_LETTER, String.class);
        // the state keeps the hash of the item's last success, as any failure's does
        log.record(new ItemOutcome(runId, migration, itemId, ItemStatus.FAILED, previous.map(s -> s.attempts() + 1).orElse(1), null,
                null, null, null, null, null, error, false, now, now), previous.map(ItemState::sourceHash).orElse(null), true);
    }

    /** The id the coordinator published: the record's value, else its key (the coordinator sets both). */
    private static String itemIdOf(Message message) {
        String value = message.getBody(String.class);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        String key = message.getHeader(KafkaConstants.KEY, String.class);
        return key == null ? "" : key.trim();
    }

    private static UUID runIdOf(String header) {
        try {
            return header == null ? null : UUID.fromString(header);
        } catch (IllegalArgumentException e) {
            return null; // its reason for the dead-letter topic: it cannot be counted in a run it does not name
        }
    }
}
