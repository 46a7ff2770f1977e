package io.drover.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's /observe/metrics shows Kafka's own client metrics beside Drover's: per consumer, the records it
 * took and their rate, its offset commits, and its lag.
 */
class WorkerMetricsIT {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("DROVER_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    private static final int CUSTOMERS = 300;

    @TempDir
    Path dir;

    @Test
    void aWorkersMetricsShowTheRecordsItConsumedAndItsLagPerPartition() throws Exception {
        String prefix = "drover-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
             TestDatabase source = TestDatabase.postgres("metrics_src");
             TestDatabase target = TestDatabase.postgres("metrics_tgt")) {
            admin.createTopics(List.of(new NewTopic(prefix + "customers", 3, (short) 1), new NewTopic(prefix + "dead-letter", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            int port = Drover.freePort();
            Drover drover = Drover.configure(dir, source, target, Map.of("drover.kafka.bootstrap-servers", BOOTSTRAP,
                    "drover.kafka.topic-prefix", prefix, "drover.kafka.group-id", prefix + "workers",
                    "drover.kafka.dead-letter-topic", prefix + "dead-letter", "drover.kafka.chunk-size", "100"));
            assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
            SampleData.createTarget(target.dataSource());
            assertThat(drover.run("setup").exitCode()).isZero();
            Process worker = drover.start(dir, "worker", List.of("-Xmx256m", "-Ddrover.observe.port=" + port),
                    "worker", "--migrations=customers");
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (!Files.readString(dir.resolve("worker.out")).contains("Drover worker is running")
                        && System.currentTimeMillis() < deadline) {
                    assertThat(worker.isAlive()).as(Files.readString(dir.resolve("worker.err"))).isTrue();
                    Thread.sleep(200);
                }

                // when
                Drover.Result run = drover.run("migrate", "customers", "--all", "--distributed");

                // then: the run is done, and the worker's metrics say it took every record and lags on none
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(1); // the sample's bad item 250
                assertThat(run.out()).contains((CUSTOMERS - 1) + " migrated, 0 unchanged, 1 failed");
                String metrics = get(port, "/observe/metrics");
                String client = "client_id=\"consumer-" + prefix + "workers-";
                assertThat(sum(metrics, "kafka_consumer_fetch_manager_records_consumed_total", client)).as(metrics).isEqualTo(CUSTOMERS);
                // every record's offset was committed after its item (one commit per record today)
                assertThat(sum(metrics, "kafka_consumer_coordinator_commit_total", client)).as(metrics).isEqualTo(CUSTOMERS);
                // each consumer's lag (the largest over the last window; per partition once Micrometer's minute-long refresh has run)
                assertThat(values(metrics, "kafka_consumer_fetch_manager_records_lag_max", client)).as(metrics).hasSize(2);
                assertThat(values(metrics, "kafka_consumer_fetch_manager_records_consumed_rate", client)).as(metrics)
                        .hasSize(2).anyMatch(rate -> rate > 0);
                assertThat(metrics).contains("drover_items_total");
                assertThat(get(port, "/observe/health")).contains("UP");
            } finally {
                worker.destroy();
                Drover.waitFor(worker, 60);
                admin.deleteTopics(List.of(prefix + "customers", prefix + "dead-letter")).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** The values of a Prometheus meter whose tags hold {@code tag} (e.g. a client id's start), one per line. */
    private static List<Double> values(String metrics, String name, String tag) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        List<Double> values = new java.util.ArrayList<>();
        while (line.find()) {
            if (line.group(1).contains(tag)) {
                values.add(Double.parseDouble(line.group(2)));
            }
        }
        return values;
    }

    private static long sum(String metrics, String name, String tag) {
        return Math.round(values(metrics, name, tag).stream().mapToDouble(Double::doubleValue).sum());
    }
}
