package io.drover.observe;

import io.drover.log.ItemOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaEndpoint;

/**
 * Drover's meters in Camel's Micrometer registry (exported at /observe/metrics when camel.metrics.enabled):
 * drover_items_total{migration,status}, drover_item_duration_seconds (histogram), drover_items_in_flight
 * and drover_queue_depth. Without a registry (metrics off, or an embedding app without Micrometer) it
 * records nothing.
 */
public final class ItemMetrics {

    private final CamelContext context;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Held here: a gauge keeps its object only weakly, and a lambda made at registration was collected (NaN). */
    private final Supplier<Integer> queueDepth;
    private volatile MeterRegistry registry;
    private volatile boolean looked;

    public ItemMetrics(CamelContext context) {
        this.context = context;
        this.queueDepth = () -> {
            try {
                String uri = context.resolvePropertyPlaceholders("{{drover.queue.uri}}");
                return context.getEndpoint(uri) instanceof SedaEndpoint seda ? seda.getCurrentQueueSize() : 0;
            } catch (RuntimeException noQueue) {
                return 0;
            }
        };
    }

    public void started() {
        inFlight.incrementAndGet();
        registry();
    }

    public void finished(ItemOutcome outcome) {
        inFlight.decrementAndGet();
        MeterRegistry meters = registry();
        if (meters != null) {
            Counter.builder("drover.items").description("Items by outcome").tag("migration", outcome.migration())
                    .tag("status", outcome.status().name()).register(meters).increment();
            Timer.builder("drover.item.duration").description("Time from an item's start to its recorded outcome")
                    .tag("migration", outcome.migration()).publishPercentileHistogram().register(meters).record(outcome.duration());
        }
    }

    private MeterRegistry registry() {
        if (!looked) {
            synchronized (this) {
                if (!looked) {
                    registry = context.getRegistry().findSingleByType(MeterRegistry.class);
                    if (registry != null) {
                        Gauge.builder("drover.items.in.flight", inFlight, AtomicInteger::get)
                                .description("Items started and not yet recorded").register(registry);
                        Gauge.builder("drover.queue.depth", queueDepth, Supplier::get)
                                .description("Item ids waiting in the item queue").register(registry);
                    }
                    looked = true;
                }
            }
        }
        return registry;
    }
}
