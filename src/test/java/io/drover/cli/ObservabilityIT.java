package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.log.ItemOutcome;
import io.drover.testing.Drover;
import io.drover.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `drover run` serves Prometheus metrics and health: the expected names and values during a run. */
class ObservabilityIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("observe_src");
        target = TestDatabase.postgres("observe_tgt");
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void metricsCountItemsByStatusAndHealthChecksBothDatabases() throws Exception {
        int port = Drover.freePort();
        Drover drover = Drover.configure(dir, source, target, Map.of("drover.observe.port", String.valueOf(port),
                "drover.sample.poll-initial-delay", "3600000"));
        assertThat(drover.run("sample", "init", "--customers=300").exitCode()).isZero();
        Map<String, String> overrides = new HashMap<>(RunCommand.observability());
        overrides.put("drover.triggers.enabled", "true");
        try (DroverRuntime runtime = DroverRuntime.start(drover.config(), overrides)) {
            var producer = runtime.context().createProducerTemplate();
            for (String id : new String[] {"1", "2", "3", "250"}) {
                producer.requestBody("direct:migrate-customers", id, ItemOutcome.class);
            }

            System.gc(); // a gauge keeps its object weakly: what only it references must survive a collection
            String metrics = get(port, "/observe/metrics");
            // readiness: a polling consumer (the file inbox) reports DOWN until its first poll, about a second in
            String health = getWhenUp(port, "/observe/health", 15_000);

            assertThat(metrics)
                    .contains("drover_items_total{migration=\"customers\",status=\"MIGRATED\"} 3.0")
                    .contains("drover_items_total{migration=\"customers\",status=\"FAILED\"} 1.0")
                    .contains("drover_item_duration_seconds_count{migration=\"customers\"} 4")
                    .contains("drover_item_duration_seconds_bucket{migration=\"customers\",le=")
                    .contains("drover_items_in_flight 0.0")
                    .contains("drover_queue_depth 0.0");
            assertThat(health).contains("\"status\":\"UP\"").contains("drover-source-database").contains("drover-target-database");
        }
    }

    private static String getWhenUp(int port, String path, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 || System.currentTimeMillis() > deadline) {
                assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
                return response.body();
            }
            Thread.sleep(200);
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        return response.body();
    }
}
