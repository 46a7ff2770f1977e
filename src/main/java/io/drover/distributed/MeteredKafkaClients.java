package io.drover.distributed;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * camel-kafka's clients with Kafka's own client metrics bound to Camel's Micrometer registry (Micrometer's
 * KafkaClientMetrics), so that a worker's /observe/metrics shows its lag per partition
 * ({@code kafka_consumer_fetch_manager_records_lag}), the records it consumes per second, its commit
 * latency, and what the dead-letter producer sends. Each client is tagged with its own client id.
 * In a process without a meter registry (the one-shot commands) the clients are camel-kafka's, unchanged.
 */
public final class MeteredKafkaClients extends DefaultKafkaClientFactory {

    /** Its registry name. Camel autowires it into the kafka component, the registry's only KafkaClientFactory. */
    public static final String BEAN = "droverKafkaClients";

    private final CamelContext context;

    public MeteredKafkaClients(CamelContext context) {
        this.context = context;
    }

    @Override
    public Consumer getConsumer(Properties properties) {
        Consumer consumer = super.getConsumer(properties);
        bind(new KafkaClientMetrics(consumer));
        return consumer;
    }

    @Override
    public Producer getProducer(Properties properties) {
        Producer producer = super.getProducer(properties);
        bind(new KafkaClientMetrics(producer));
        return producer;
    }

    private void bind(KafkaClientMetrics metrics) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry != null) {
            metrics.bindTo(registry);
        }
    }
}
