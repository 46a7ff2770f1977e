package io.drover.distributed;

import io.drover.Plural;
import io.drover.config.DroverBeans;
import io.drover.migration.IdType;
import io.drover.migration.Migration;
import io.drover.run.ItemDispatch;
import io.drover.run.ItemSelection;
import io.drover.run.RunCounts;
import io.drover.run.RunTracker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * `drover migrate … --distributed`: publishes the run's ids to the migration's topic, a chunk per send
 * (camel-kafka sends a list of messages as one record each, acknowledged together), each keyed by its id so
 * that a redelivered id stays on its partition; the workers' outcomes come back from migration_log.
 */
public final class KafkaDispatch implements ItemDispatch {

    private final CamelContext context;
    private final DroverBeans beans;

    public KafkaDispatch(CamelContext context, DroverBeans beans) {
        this.context = context;
        this.beans = beans;
    }

    /** The migration's topic: drover.kafka.topic-prefix and its name. */
    public static String topic(CamelContext context, String migration) {
        return context.resolvePropertyPlaceholders("{{drover.kafka.topic-prefix}}") + migration;
    }

    @Override
    public void send(Migration migration, ItemSelection selection, Map<String, Object> headers, RunCounts counts, BooleanSupplier stopped) {
        String uri = context.resolvePropertyPlaceholders("kafka:" + topic(context, migration.name())
                + "?brokers={{drover.kafka.bootstrap-servers}}{{drover.kafka.endpoint-options}}");
        int chunkSize = Integer.parseInt(context.resolvePropertyPlaceholders("{{drover.kafka.chunk-size}}").trim());
        // ids named on the command line may repeat; an item is published once, or the wait would never end
        Set<String> named = selection.all() || selection.retryStatus() != null ? null : new HashSet<>();
        // the run's headers on the chunk's message: camel-kafka gives them to each of its records
        Map<String, Object> runHeaders = new java.util.HashMap<>();
        headers.forEach((name, value) -> runHeaders.put(name, String.valueOf(value)));
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            List<Message> chunk = new ArrayList<>(chunkSize);
            beans.idFeed().selected(migration, selection, stopped, id -> {
                String key = IdType.key(id).trim();
                if (named != null && !named.add(key)) {
                    return;
                }
                counts.submitted();
                chunk.add(message(key));
                if (chunk.size() >= chunkSize) {
                    producer.sendBodyAndHeaders(uri, List.copyOf(chunk), runHeaders);
                    chunk.clear();
                }
            });
            if (!chunk.isEmpty() && !stopped.getAsBoolean()) {
                producer.sendBodyAndHeaders(uri, List.copyOf(chunk), runHeaders);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One record: the id as value and as key, so that the partition of an id is always the same. */
    private Message message(String id) {
        Message message = new DefaultMessage(context);
        message.setBody(id);
        message.setHeader(KafkaConstants.KEY, id);
        return message;
    }

    @Override
    public AutoCloseable follow(Migration migration, UUID runId, RunTracker tracker) {
        return LoggedOutcomes.follow(beans, migration, runId, tracker);
    }

    @Override
    public String describe(Migration migration, int sent) {
        return "Published " + Plural.of(sent, "id") + " to topic " + topic(context, migration.name()) + " on "
                + context.resolvePropertyPlaceholders("{{drover.kafka.bootstrap-servers}}")
                + "; waiting for the workers (drover worker) to log every outcome";
    }
}
