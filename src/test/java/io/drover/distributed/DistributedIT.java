package io.drover.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.KafkaBroker;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode against a real Kafka broker (scripts/kafka.sh; DROVER_KAFKA_BOOTSTRAP, default
 * 127.0.0.1:9092): three `drover worker` processes and a `migrate --distributed` coordinator give the
 * target a single-process run gives, each item with one outcome; a worker killed with SIGKILL and another
 * stopped with SIGTERM mid-run lose nothing and write nothing twice, and so does a restart of the broker (one of
 * the test's own, scripts/kafka.sh on free ports); a record that is no id goes to the dead-letter topic with its
 * reason, and is counted FAILED in the run it was published for. Each test uses topics and a consumer group of its own, deleted afterwards.
 */
class DistributedIT {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("DROVER_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    private static final int CUSTOMERS = 1500; // bad items of the sample: 250, 750, 1250

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase reference;
    static Admin admin;
    private final List<Process> workers = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();

    @BeforeAll
    static void createDatabasesAndReference() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
        source = TestDatabase.postgres("dist_src");
        reference = TestDatabase.postgres("dist_ref");
        // the single-process run every distributed one must equal
        Drover single = Drover.configure(dir.resolve("single"), source, reference);
        assertThat(single.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        assertThat(single.run("migrate", "customers", "--all").exitCode()).isEqualTo(1);
    }

    @AfterAll
    static void dropDatabases() {
        TestDatabase.closeAll(source, reference);
        admin.close();
    }

    @AfterEach
    void stopWorkersAndDeleteTopics() throws Exception {
        stopWorkers();
        admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        // the workers' own output, for a failure's report (surefire keeps this test's output)
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("worker-")).sorted().toList()) {
                System.out.println("--- " + file.getFileName() + " ---\n" + Files.readString(file));
                Files.delete(file);
            }
        }
    }

    @Test
    void threeWorkersGiveTheTargetOfOneProcessEachItemWithOneOutcomeAndRecordsThatAreNoIdGoToTheDeadLetterTopic() throws Exception {
        // given: a fresh target, the migration's topic and three workers
        try (TestDatabase target = TestDatabase.postgres("dist_tgt")) {
            Drover drover = distributed("three", target, Map.of());
            startWorkers(drover, 3);

            // when
            Drover.Result coordinator = drover.run("migrate", "customers", "--all", "--distributed");

            // then: the usual summary and exit code (the sample's three bad items fail)
            assertThat(coordinator.exitCode()).as(coordinator.toString()).isEqualTo(1);
            assertThat(coordinator.out()).contains("Published ").contains(" ids to topic " + prefixOf(drover) + "customers").contains("1497 migrated, 0 unchanged, 3 failed")
                    .contains("Run " ).contains("FAILED");
            Tables db = new Tables(target.dataSource());
            String runId = db.latestRunId("customers");
            assertOneOutcomePerItem(db, runId);
            assertSameTargetAsOneProcess(db);
            assertThat(db.rows("SELECT status, items_total, migrated, failed FROM drover.migration_run WHERE run_id = CAST(? AS uuid)", runId))
                    .singleElement().satisfies(run -> {
                        assertThat(run.get("status")).isEqualTo("FAILED");
                        assertThat(run.get("items_total")).isEqualTo(CUSTOMERS);
                        assertThat(run.get("migrated")).isEqualTo(CUSTOMERS - 3);
                    });
            assertThat(workers).allSatisfy(worker -> assertThat(worker.isAlive()).isTrue());

            // when: a record that is no number, one naming no migration, then a good id, straight into the topic
            String prefix = prefixOf(drover);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class))) {
                producer.send(new ProducerRecord<>(prefix + "customers", "x", "not-an-id")).get();
                ProducerRecord<String, String> unknown = new ProducerRecord<>(prefix + "customers", "y", "7");
                unknown.headers().add("DroverMigration", "invoices".getBytes(StandardCharsets.UTF_8));
                producer.send(unknown).get();
                producer.send(new ProducerRecord<>(prefix + "customers", "42", "42")).get();
            }

            // then: both bad records are in the dead-letter topic with their reasons, and item 42 is worked (unchanged)
            List<String> reasons = deadLetterReasons(prefix + "dead-letter", 2);
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("'not-an-id' is no item id of migration 'customers'")
                    .contains("must be a number"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("unknown migration 'invoices'"));
            long deadline = System.currentTimeMillis() + 60_000;
            String outsideTheRun = "SELECT count(*) FROM drover.migration_log WHERE item_id = '42' AND status = 'UNCHANGED'"
                    + " AND run_id <> CAST(? AS uuid)";
            while (db.count(outsideTheRun, runId) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(db.count(outsideTheRun, runId)).isOne();
            assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id IN ('7', 'not-an-id') AND run_id <> CAST(? AS uuid)",
                    runId)).isZero();
        }
    }

    @Test
    void aWorkerKilledAndAnotherStoppedMidRunLoseNothingAndWriteNothingTwice() throws Exception {
        try (TestDatabase target = TestDatabase.postgres("dist_kill")) {
            // given: a worker silent for 10 s loses its partitions to the others
            Drover drover = distributed("kill", target, Map.of("drover.kafka.session-timeout-ms", "10000"));
            startWorkers(drover, 3);
            Tables db = new Tables(target.dataSource());

            // when: one worker is killed outright once a third of the items are logged
            Process coordinator = drover.start(dir, "kill-coordinator", "migrate", "customers", "--all", "--distributed");
            long deadline = System.currentTimeMillis() + 120_000;
            while (db.count("SELECT count(*) FROM drover.migration_log") < CUSTOMERS / 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(coordinator.isAlive()).as("the run must still be going").isTrue();
            workers.get(0).destroyForcibly();
            // and another is stopped with SIGTERM: it finishes and acknowledges its item in flight, and leaves
            workers.get(1).destroy();
            assertThat(Drover.waitFor(workers.get(1), 60)).isEqualTo(143);

            // then: the run finishes with every item, none written twice, and the end state is a single process's
            int exit = Drover.waitFor(coordinator, 150);
            String out = Files.readString(dir.resolve("kill-coordinator.out"));
            assertThat(exit).as(out + Files.readString(dir.resolve("kill-coordinator.err"))).isEqualTo(1);
            assertThat(out).contains("3 failed");
            String runId = db.latestRunId("customers");
            assertOneOutcomePerItem(db, runId);
            assertThat(db.count("SELECT count(*) FROM (SELECT item_id FROM drover.migration_log WHERE status = 'MIGRATED'"
                    + " GROUP BY item_id HAVING count(*) > 1) twice")).isZero();
            assertSameTargetAsOneProcess(db);
        }
    }

    @Test
    void aBrokerRestartMidRunDelaysTheRunButLosesNothingAndWritesNothingTwice() throws Exception {
        // given: a broker of this test's own (the shared one serves the other tests), two workers on it
        try (KafkaBroker broker = KafkaBroker.start(); TestDatabase target = TestDatabase.postgres("dist_restart");
             Admin own = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            SampleData.createTarget(target.dataSource());
            String prefix = "drover-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
            own.createTopics(List.of(new NewTopic(prefix + "customers", 6, (short) 1), new NewTopic(prefix + "dead-letter", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            // the group settles after the restart once the sessions the broker remembers expire: 10 s here, not 45
            Drover drover = Drover.configure(dir.resolve("restart"), source, target,
                    kafka(prefix, Map.of("drover.kafka.bootstrap-servers", broker.bootstrap(), "drover.kafka.session-timeout-ms", "10000")));
            startWorkers(drover, 2);
            Tables db = new Tables(target.dataSource());

            // when: the broker is stopped (SIGTERM) once a third of the items are logged, and started again
            Process coordinator = drover.start(dir, "restart-coordinator", "migrate", "customers", "--all", "--distributed");
            long deadline = System.currentTimeMillis() + 120_000;
            while (db.count("SELECT count(*) FROM drover.migration_log") < CUSTOMERS / 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(coordinator.isAlive()).as("the run must still be going").isTrue();
            broker.stop();
            // the outage lasts a while: the workers' offset commits and polls find no broker meanwhile
            Thread.sleep(5000);
            broker.restart();

            // then: the run finishes with every item, none written twice, and the end state is a single process's
            int exit = Drover.waitFor(coordinator, 180);
            String out = Files.readString(dir.resolve("restart-coordinator.out"));
            assertThat(exit).as(out + Files.readString(dir.resolve("restart-coordinator.err"))).isEqualTo(1);
            assertThat(out).contains("3 failed");
            String runId = db.latestRunId("customers");
            assertOneOutcomePerItem(db, runId);
            assertThat(db.count("SELECT count(*) FROM (SELECT item_id FROM drover.migration_log WHERE status = 'MIGRATED'"
                    + " GROUP BY item_id HAVING count(*) > 1) twice")).isZero();
            assertSameTargetAsOneProcess(db);
            assertThat(workers).allSatisfy(worker -> assertThat(worker.isAlive()).as("a worker outlives the outage").isTrue());
            stopWorkers(); // while their broker is still there to leave the group
        }
    }

    @Test
    void recordsNoWorkerCanWorkAreCountedFailedInTheirRunWithTheirReason() throws Exception {
        // given: a coordinator declaring migration contacts, and its only worker deployed with the sample's
        // routes, which lack it; the worker follows every topic of the prefix, the migration's too
        try (TestDatabase legacy = TestDatabase.postgres("dist_dl_src"); TestDatabase target = TestDatabase.postgres("dist_dl_tgt")) {
            assertThat(Drover.configure(dir.resolve("dl-sample"), legacy, target).run("sample", "init", "--customers=10").exitCode()).isZero();
            Tables contacts = new Tables(legacy.dataSource());
            contacts.jdbc().execute("CREATE TABLE contacts (id int PRIMARY KEY, email text)");
            contacts.jdbc().update("INSERT INTO contacts SELECT n, 'user' || n || '@example.com' FROM generate_series(1, 12) n");
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TABLE contact (id bigint PRIMARY KEY, email text NOT NULL)");
            String prefix = newTopics("contacts");
            // outside the prefix, or the worker would follow its own dead letters
            String deadLetter = "drover-it-dead-" + UUID.randomUUID().toString().substring(0, 8);
            admin.createTopics(List.of(new NewTopic(deadLetter, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            topics.add(deadLetter);
            Map<String, String> settings = kafka(prefix, Map.of("drover.kafka.dead-letter-topic", deadLetter));
            Drover coordinator = Drover.withMigration(dir.resolve("dl-coordinator"), legacy, target, """
                    - templatedRoute:
                        routeTemplateRef: drover-migrate-item
                        routeId: migrate-contacts
                        parameters:
                          - name: migration
                            value: contacts
                          - name: idQuery
                            value: SELECT id FROM contacts
                          - name: itemQuery
                            value: SELECT * FROM contacts WHERE id = :#id
                          - name: targets
                            value: contact key id
                    """, settings);
            Drover outdated = Drover.configure(dir.resolve("dl-worker"), legacy, target, settings);
            assertThat(outdated.run("setup").exitCode()).isZero();
            String name = "worker-" + UUID.randomUUID().toString().substring(0, 6);
            workers.add(outdated.start(dir, name, List.of("-Xmx256m", "-Ddrover.observe.port=" + Drover.freePort()), "worker"));
            await().atMost(120, TimeUnit.SECONDS).until(() -> Files.readString(dir.resolve(name + ".out")).contains("Drover worker is running"));

            // when
            Process run = coordinator.start(dir, "dl-run", "migrate", "contacts", "--all", "--distributed");

            // then: the run ends, each item FAILED with the reason its record was dead-lettered, exit code 1
            int exit = Drover.waitFor(run, 120);
            String out = Files.readString(dir.resolve("dl-run.out"));
            assertThat(exit).as(out + Files.readString(dir.resolve("dl-run.err"))).isEqualTo(1);
            assertThat(out).contains("contacts: 12 items").contains("0 migrated, 0 unchanged, 12 failed")
                    .contains(": Item ").contains(" of migration 'contacts' was not worked, nothing of it was written: its record went to the dead-letter topic "
                            + deadLetter + ": unknown migration 'contacts' (this worker runs [customers, customers-api])");
            String runId = db.latestRunId("contacts");
            assertThat(db.rows("SELECT status, items_total, migrated, failed FROM drover.migration_run WHERE run_id = CAST(? AS uuid)", runId))
                    .containsExactly(Map.of("status", "FAILED", "items_total", 12, "migrated", 0, "failed", 12));
            // their states say FAILED: --retry-failed sends them again once a worker can work them
            assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE migration = 'contacts' AND last_status = 'FAILED'"
                    + " AND last_run_id = CAST(? AS uuid)", runId)).isEqualTo(12);
            assertThat(deadLetterReasons(deadLetter, 12)).hasSize(12).allSatisfy(r -> assertThat(r).contains("unknown migration 'contacts'"));
            assertThat(db.count("SELECT count(*) FROM contact")).isZero();
        }
    }

    @Test
    void badUsageIsOneLineAndExitCode2BeforeAnyItem() throws Exception {
        try (TestDatabase target = TestDatabase.postgres("dist_usage")) {
            Drover drover = distributed("usage", target, Map.of());
            Tables db = new Tables(target.dataSource());
            assertThat(drover.run("setup").exitCode()).isZero();

            Drover.Result notAnId = drover.run("migrate", "customers", "--item-id=5,abc", "--distributed");
            Drover.Result bulk = drover.run("migrate", "customers", "--all", "--distributed", "--bulk");
            Drover.Result unknown = drover.run("worker", "--migrations=customers,invoices");

            assertThat(notAnId.exitCode()).isEqualTo(2);
            assertThat(notAnId.err().strip()).isEqualTo("drover: --item-id 'abc' is no id of migration 'customers': it must be a number (idType number)");
            assertThat(bulk.exitCode()).isEqualTo(2);
            assertThat(bulk.err()).contains("does not go with --bulk");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("--migrations names 'invoices', which is no migration; declared: [customers, customers-api]");
            assertThat(db.count("SELECT count(*) FROM drover.migration_run")).isZero();
        }
    }

    @Test
    void uniqueValuesGoToTheLowestIdWhicheverWorkerIsFaster() throws Exception {
        // given: 40 contacts, n and n + 20 sharing an email written differently; the lower id must keep it
        try (TestDatabase legacy = TestDatabase.postgres("dist_uq_src"); TestDatabase target = TestDatabase.postgres("dist_uq_tgt")) {
            Tables contacts = new Tables(legacy.dataSource());
            contacts.jdbc().execute("CREATE TABLE contacts (id int PRIMARY KEY, email text)");
            for (int id = 1; id <= 40; id++) {
                contacts.jdbc().update("INSERT INTO contacts VALUES (?, ?)", id, id <= 20 ? " User" + id + "@Example.com" : "user" + (id - 20) + "@example.COM");
            }
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TABLE contact (id bigint PRIMARY KEY, email text NOT NULL UNIQUE)");
            String prefix = newTopics("contacts");
            Drover drover = Drover.withMigration(dir.resolve("unique"), legacy, target, """
                    - beans:
                        - name: contactCopy
                          type: "#class:io.drover.pipeline.CopyConverter"
                          properties:
                            table: contact
                    - templatedRoute:
                        routeTemplateRef: drover-migrate-item
                        routeId: migrate-contacts
                        parameters:
                          - name: migration
                            value: contacts
                          - name: idQuery
                            value: SELECT id FROM contacts
                          - name: itemQuery
                            value: SELECT * FROM contacts WHERE id = :#id
                          - name: converter
                            value: contactCopy
                          - name: targets
                            value: contact key id
                          - name: quality
                            value: |
                              email: email, unique
                    """, kafka(prefix, Map.of()));
            startWorkers(drover, 2, "contacts");

            // when
            Drover.Result coordinator = drover.run("migrate", "contacts", "--all", "--distributed");

            // then: the claims registered before publishing decide, not the order the workers take the items in
            assertThat(coordinator.exitCode()).as(coordinator.toString()).isEqualTo(1);
            assertThat(coordinator.out()).contains("Registered the unique values of 40 items first").contains("20 migrated, 0 unchanged, 0 failed, 20 rejected");
            assertThat(db.jdbc().queryForList("SELECT id FROM contact ORDER BY id", Long.class))
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        }
    }

    private void stopWorkers() {
        workers.forEach(Process::destroy);
        for (Process worker : workers) {
            Drover.waitFor(worker, 60);
        }
    }

    /** A configuration with topics and a consumer group of its own; the topic has six partitions, two per worker. */
    private Drover distributed(String name, TestDatabase target, Map<String, String> extra) throws Exception {
        SampleData.createTarget(target.dataSource());
        return Drover.configure(dir.resolve(name), source, target, kafka(newTopics("customers"), extra));
    }

    /** The migration's topic (six partitions) and a dead-letter topic under a new prefix, deleted after the test. */
    private String newTopics(String migration) throws Exception {
        String prefix = "drover-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics.addAll(List.of(prefix + migration, prefix + "dead-letter"));
        admin.createTopics(List.of(new NewTopic(prefix + migration, 6, (short) 1), new NewTopic(prefix + "dead-letter", 1, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        return prefix;
    }

    private static Map<String, String> kafka(String prefix, Map<String, String> extra) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("drover.kafka.bootstrap-servers", BOOTSTRAP,
                "drover.kafka.topic-prefix", prefix, "drover.kafka.group-id", prefix + "workers",
                "drover.kafka.dead-letter-topic", prefix + "dead-letter", "drover.kafka.chunk-size", "200",
                "drover.workers", "2"));
        properties.putAll(extra);
        return properties;
    }

    private static String prefixOf(Drover drover) throws Exception {
        return Files.readAllLines(drover.config()).stream().filter(l -> l.startsWith("drover.kafka.topic-prefix"))
                .map(l -> l.substring(l.indexOf('=') + 1).trim()).findFirst().orElseThrow();
    }

    /** Starts worker processes, each with its own metrics port, and waits until each has joined. */
    private void startWorkers(Drover drover, int count) throws Exception {
        startWorkers(drover, count, "customers");
    }

    private void startWorkers(Drover drover, int count, String migration) throws Exception {
        // Drover's tables first, as docs/distributed.md says: workers starting together must not all create them
        assertThat(drover.run("setup").exitCode()).isZero();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "worker-" + UUID.randomUUID().toString().substring(0, 6);
            workers.add(drover.start(dir, name, List.of("-Xmx256m", "-Ddrover.observe.port=" + Drover.freePort()),
                    "worker", "--migrations=" + migration));
            outs.add(dir.resolve(name + ".out"));
        }
        long deadline = System.currentTimeMillis() + 120_000;
        for (int i = 0; i < count; i++) {
            while (!Files.readString(outs.get(i)).contains("Drover worker is running") && System.currentTimeMillis() < deadline) {
                assertThat(workers.get(workers.size() - count + i).isAlive()).as(Files.readString(outs.get(i).resolveSibling(
                        outs.get(i).getFileName().toString().replace(".out", ".err")))).isTrue();
                Thread.sleep(200);
            }
        }
    }

    private static void assertOneOutcomePerItem(Tables db, String runId) {
        assertThat(db.count("SELECT count(DISTINCT item_id) FROM drover.migration_log WHERE run_id = CAST(? AS uuid)", runId))
                .isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE last_run_id = CAST(? AS uuid)", runId)).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE last_status = 'FAILED'")).isEqualTo(3);
    }

    private static void assertSameTargetAsOneProcess(Tables db) {
        Tables ref = new Tables(reference.dataSource());
        assertThat(db.checksum("customer")).isEqualTo(ref.checksum("customer"));
        assertThat(db.checksum("customer_address")).isEqualTo(ref.checksum("customer_address"));
    }

    private static List<String> deadLetterReasons(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (reasons.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    var reason = record.headers().lastHeader("DroverDeadLetterReason");
                    reasons.add(record.value() + ": " + (reason == null ? "(no reason)" : new String(reason.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return reasons;
    }
}
