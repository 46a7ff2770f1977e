package io.drover.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The continuous mode (route template drover-kafka-ids) against a real Kafka broker (scripts/kafka.sh;
 * DROVER_KAFKA_BOOTSTRAP, default 127.0.0.1:9092): `drover run` follows a topic of JSON change events
 * about the legacy customers and migrates the changed ones, commits each record's offset once its item is
 * logged, dead-letters the events without an id, and logs a repeated event UNCHANGED without writing again.
 * The topics and the consumer group are this class's own, deleted afterwards.
 */
class ContinuousKafkaIT {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("DROVER_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    private static final String NAME = "drover-it-cdc-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = NAME + ".legacy.customers";
    private static final String DEAD_LETTER = NAME + ".dead-letter";
    private static final String GROUP = "drover-kafka-ids.customers"; // the template's default for migration customers

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Admin admin;

    @BeforeAll
    static void migrateTheSampleOnceAndCreateTheTopics() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(DEAD_LETTER, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        source = TestDatabase.postgres("cdc_src");
        target = TestDatabase.postgres("cdc_tgt");
        Drover initial = Drover.configure(dir.resolve("initial"), source, target);
        assertThat(initial.run("sample", "init", "--customers=30").exitCode()).isZero();
        assertThat(initial.run("migrate", "customers", "--all").exitCode()).isZero();
    }

    @AfterAll
    static void dropDatabasesAndTopics() throws Exception {
        try {
            admin.deleteTopics(List.of(TOPIC, DEAD_LETTER)).all().get(30, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS);
        } finally {
            admin.close();
            TestDatabase.closeAll(source, target);
        }
    }

    @Test
    void droverRunFollowsATopicOfChangeEventsCommittingEachRecordAfterItsOutcome() throws Exception {
        // given: customers 7 and 8 changed in the legacy source, and the change events of 7, 8 and unchanged 9,
        // an event without the id, one that is no JSON and one whose id is no number
        Tables legacy = new Tables(source.dataSource());
        Tables db = new Tables(target.dataSource());
        legacy.jdbc().update("UPDATE customers SET email = 'seven@changed.example', modified_at = now() WHERE id = 7");
        legacy.jdbc().update("UPDATE customers SET email = 'eight@changed.example', modified_at = now() WHERE id = 8");
        produce("7", "{\"op\":\"u\",\"before\":{\"id\":7},\"after\":{\"id\":7,\"email\":\"seven@changed.example\"}}",
                "8", "{\"op\":\"u\",\"after\":{\"id\":8,\"email\":\"eight@changed.example\"}}",
                "9", "{\"op\":\"r\",\"after\":{\"id\":9}}",
                "10", "{\"op\":\"u\",\"after\":{\"customer\":10}}",
                "11", "not json",
                "12", "{\"op\":\"u\",\"after\":{\"id\":\"twelve\"}}");
        Drover drover = Drover.configure(dir.resolve("run"), source, target, following("/after/id,/before/id"));

        // when: drover run, as a process of its own
        Process run = drover.start(dir, "run", List.of("-Xmx256m"), "run");
        try {
            // then: each record's offset is committed, once its item is logged
            awaitCommittedToTheEnd();
            String logged = "SELECT item_id, status FROM drover.migration_log WHERE migration = 'customers'"
                    + " AND run_id <> CAST(? AS uuid) ORDER BY log_id";
            String initialRun = db.rows("SELECT run_id::text AS id FROM drover.migration_run ORDER BY started_at LIMIT 1")
                    .get(0).get("id").toString();
            assertThat(db.rows(logged, initialRun)).containsExactlyInAnyOrder(Map.of("item_id", "7", "status", "MIGRATED"),
                    Map.of("item_id", "8", "status", "MIGRATED"), Map.of("item_id", "9", "status", "UNCHANGED"));
            assertThat(db.jdbc().queryForList("SELECT email FROM customer WHERE id IN (7, 8) ORDER BY id", String.class))
                    .containsExactly("seven@changed.example", "eight@changed.example");
            // the events without a readable id are in the dead-letter topic, each with its reason
            assertThat(deadLetters(3)).containsExactlyInAnyOrder(
                    "{\"op\":\"u\",\"after\":{\"customer\":10}}: the record's value has no /after/id nor /before/id: {\"op\":\"u\",\"after\":{\"customer\":10}}",
                    "not json: the record's value is not JSON (idFrom: /after/id,/before/id): not json",
                    "{\"op\":\"u\",\"after\":{\"id\":\"twelve\"}}: 'twelve' is no item id of migration 'customers': it must be a number (idType number)");

            // when: the event of 7 comes again, its source unchanged since
            Object version = db.jdbc().queryForObject("SELECT xmin::text FROM customer WHERE id = 7", String.class);
            produce("7", "{\"op\":\"u\",\"after\":{\"id\":7,\"email\":\"seven@changed.example\"}}");

            // then: it is logged UNCHANGED, and the row is not written again (the same row version)
            awaitCommittedToTheEnd();
            assertThat(db.rows(logged, initialRun)).filteredOn(row -> row.get("item_id").equals("7")).containsExactly(
                    Map.of("item_id", "7", "status", "MIGRATED"), Map.of("item_id", "7", "status", "UNCHANGED"));
            assertThat(db.jdbc().queryForObject("SELECT xmin::text FROM customer WHERE id = 7", String.class)).isEqualTo(version);
            assertThat(run.isAlive()).isTrue();
        } finally {
            run.destroy();
            Drover.waitFor(run, 60);
            System.out.println(Files.readString(dir.resolve("run.out")) + Files.readString(dir.resolve("run.err")));
        }
    }

    @Test
    void anIdFromThatIsNoPointerIsOneLineAndExitCode2BeforeAnyRecord() {
        Drover drover = Drover.configure(dir.resolve("bad"), source, target, following("after.id"));

        Drover.Result result = drover.run("run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("drover: route follow-legacy-customers (template drover-kafka-ids): idFrom 'after.id'"
                + " is neither 'key' nor JSON Pointers").doesNotContain("\n");
    }

    /** The sample's routes and a routes file of the user's that follows the topic, as docs/distributed.md shows it. */
    private static Map<String, String> following(String idFrom) {
        try {
            Path routes = Files.createDirectories(dir.resolve("user-routes-" + UUID.randomUUID()));
            Files.writeString(routes.resolve("follow-legacy.camel.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: drover-kafka-ids
                        routeId: follow-legacy-customers
                        parameters:
                          - name: migration
                            value: customers
                          - name: topic
                            value: %s
                          - name: idFrom
                            value: "%s"
                    """.formatted(TOPIC, idFrom));
            return Map.of("camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/**/*.camel.yaml,file:"
                            + routes + "/*.camel.yaml",
                    "drover.kafka.bootstrap-servers", BOOTSTRAP, "drover.kafka.dead-letter-topic", DEAD_LETTER,
                    "drover.observe.port", String.valueOf(Drover.freePort()),
                    "drover.sample.poll-initial-delay", "3600000"); // the sample's polling trigger must not migrate 7 and 8 first
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void produce(String... keysAndValues) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                producer.send(new ProducerRecord<>(TOPIC, keysAndValues[i], keysAndValues[i + 1])).get();
            }
        }
    }

    /** Waits until the group's committed offset of every partition is the partition's end, as a user checks with kafka-consumer-groups.sh. */
    private static void awaitCommittedToTheEnd() {
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Map<TopicPartition, OffsetSpec> partitions = new java.util.HashMap<>();
            for (int p = 0; p < 3; p++) {
                partitions.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().entrySet()
                    .stream().filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            ends.forEach((partition, end) -> assertThat(committed.getOrDefault(partition, 0L)).as(partition.toString()).isEqualTo(end));
        });
    }

    private static List<String> deadLetters(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, DEAD_LETTER + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(DEAD_LETTER));
            long deadline = System.currentTimeMillis() + 60_000;
            while (letters.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    var reason = record.headers().lastHeader("DroverDeadLetterReason");
                    letters.add(record.value() + ": " + (reason == null ? "(no reason)" : new String(reason.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return letters;
    }
}
