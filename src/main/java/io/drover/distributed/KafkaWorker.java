package io.drover.distributed;

import io.drover.config.DroverBeans;
import io.drover.migration.IdType;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemPipeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * The two steps of route work-kafka-ids around the item pipeline: reading a record as an item of a
 * migration (or saying why it is none), and acknowledging it once it has been worked.
 */
public final class KafkaWorker {

    /** The exchange variable holding why a record cannot be an item; unset for a readable record. */
    static final String DEAD_LETTER = "droverDeadLetter";
    private static final List<String> TEXT_HEADERS = List.of(ItemPipeline.MIGRATION, ItemPipeline.RUN_ID,
            ItemPipeline.FORCE, ItemPipeline.DRY_RUN);

    /**
     * Kafka hands headers over as bytes: Drover's become text, as the pipeline reads them. The migration is
     * the header's, else the topic's (the topic prefix and its name). A record without an id, of a migration
     * this worker does not run, with an id its idType cannot take or a run id that is no UUID gets a reason.
     */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        for (String name : TEXT_HEADERS) {
            Object value = message.getHeader(name);
            if (value instanceof byte[] bytes) {
                message.setHeader(name, new String(bytes, StandardCharsets.UTF_8));
            }
        }
        String reason = reasonUnreadable(exchange, message);
        if (reason != null) {
            exchange.setVariable(DEAD_LETTER, reason);
        }
    }

    private static String reasonUnreadable(Exchange exchange, Message message) {
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        String prefix = exchange.getContext().resolvePropertyPlaceholders("{{drover.kafka.topic-prefix}}");
        String name = message.getHeader(ItemPipeline.MIGRATION, String.class);
        if (name == null || name.isBlank()) {
            name = topic != null && topic.startsWith(prefix) ? topic.substring(prefix.length()) : null;
        }
        Migration migration = name == null ? null : DroverBeans.of(exchange.getContext()).catalog().all().get(name);
        if (migration == null) {
            return "unknown migration '" + name + "' (this worker runs " + DroverBeans.of(exchange.getContext()).catalog().all().keySet() + ")";
        }
        message.setHeader(ItemPipeline.MIGRATION, name);
        String id = message.getBody(String.class);
        if (id == null || id.isBlank()) {
            return "no item id: the record's value is empty";
        }
        String notAnId = notAnIdOf(migration, id);
        if (notAnId != null) {
            return notAnId;
        }
        String runId = message.getHeader(ItemPipeline.RUN_ID, String.class);
        if (runId != null) {
            try {
                UUID.fromString(runId);
            } catch (IllegalArgumentException e) {
                return "header " + ItemPipeline.RUN_ID + " '" + abbreviate(runId) + "' is no run id (a UUID)";
            }
        }
        message.setBody(id.trim());
        return null;
    }

    /** Why a record's id cannot be an item id of the migration (no number for idType number), or null when it can. */
    static String notAnIdOf(Migration migration, String id) {
        if (migration.idType() == IdType.NUMBER && !(migration.idType().parse(id) instanceof Long)) {
            return "'" + abbreviate(id) + "' is no item id of migration '" + migration.name() + "': it " + IdType.notANumber(id);
        }
        return null;
    }

    /**
     * Commits the record's offset on the consumer's own thread (camel-kafka's manual commit is synchronous),
     * after the item's transaction: a worker that dies before this line leaves the record to another.
     */
    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
