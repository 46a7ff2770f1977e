package io.drover.run;

import io.drover.config.DroverBeans;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * Sends the selected ids of a migration to the item queue endpoint (drover.queue.uri) with a run's
 * headers, on a thread of its own: a feed blocked on a full queue must not keep a stopping process alive.
 */
public final class ItemFeeder {

    private final CamelContext context;
    private final DroverBeans beans;
    private volatile Throwable failure;

    public ItemFeeder(CamelContext context, DroverBeans beans) {
        this.context = context;
        this.beans = beans;
    }

    /** Feeds every selected id, counting it as submitted first; returns when done or when {@code stopped} turns true. */
    public void feed(Migration migration, ItemSelection selection, Map<String, Object> headers, RunCounts counts,
                     int chunkSize, BooleanSupplier stopped) {
        Thread feeder = new Thread(() -> send(migration, selection, headers, counts, chunkSize, stopped), "drover-feed");
        feeder.setDaemon(true);
        feeder.setUncaughtExceptionHandler((t, e) -> failure = e);
        feeder.start();
        try {
            while (feeder.isAlive() && !stopped.getAsBoolean()) {
                feeder.join(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the feed ended early, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Sends each id to drover.queue.uri, or, in bulk mode (chunkSize > 0), lists of up to chunkSize ids to
     * drover.bulk.queue.uri, an endpoint like the item queue.
     */
    private void send(Migration migration, ItemSelection selection, Map<String, Object> headers, RunCounts counts,
                      int chunkSize, BooleanSupplier stopped) {
        String queue = context.resolvePropertyPlaceholders(chunkSize > 0 ? "{{drover.bulk.queue.uri:seda:drover-chunks}}"
                : "{{drover.queue.uri}}");
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            java.util.List<Object> chunk = new java.util.ArrayList<>(Math.max(chunkSize, 0));
            Consumer<Object> send = id -> {
                counts.submitted();
                if (chunkSize <= 0) {
                    producer.sendBodyAndHeaders(queue, id, headers);
                    return;
                }
                chunk.add(id);
                if (chunk.size() == chunkSize) {
                    producer.sendBodyAndHeaders(queue, java.util.List.copyOf(chunk), headers);
                    chunk.clear();
                }
            };
            beans.idFeed().selected(migration, selection, stopped, send);
            if (!chunk.isEmpty() && !stopped.getAsBoolean()) {
                producer.sendBodyAndHeaders(queue, java.util.List.copyOf(chunk), headers);
            }
        } catch (RuntimeException e) {
            if (!stopped.getAsBoolean()) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
