package io.drover.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.plan.LibraryPlan;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover migrate --plan=<plan> --all --distributed`: each migration of the plan published to its own topic,
 * parents first, and worked by `drover worker` processes that follow every migration's topic; the target,
 * the runs and the sequences those of a plan run in one process.
 */
class DistributedPlanIT {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("DROVER_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

    @TempDir
    Path dir;

    @Test
    void aPlanIsPublishedMigrationByMigrationParentsFirstAndWorkersGiveTheTargetOfOneProcess() throws Exception {
        String prefix = "drover-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        String deadLetter = "drover-it-dead-letter-" + UUID.randomUUID().toString().substring(0, 8); // outside the workers' pattern
        List<Process> workers = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
             TestDatabase source = TestDatabase.postgres("dplan_src");
             TestDatabase target = TestDatabase.postgres("dplan_tgt");
             TestDatabase reference = TestDatabase.postgres("dplan_ref")) {
            Tables legacy = new Tables(source.dataSource());
            Tables db = new Tables(target.dataSource());
            Tables ref = new Tables(reference.dataSource());
            LibraryPlan.create(legacy, db);
            LibraryPlan.createTarget(ref);
            Drover single = Drover.withMigration(dir.resolve("single"), source, reference, LibraryPlan.YAML, Map.of());
            assertThat(single.run("migrate", "--plan=library", "--all").exitCode()).isZero();
            Drover drover = Drover.withMigration(dir.resolve("distributed"), source, target, LibraryPlan.YAML, Map.of(
                    "drover.kafka.bootstrap-servers", BOOTSTRAP, "drover.kafka.topic-prefix", prefix,
                    "drover.kafka.group-id", prefix + "workers", "drover.kafka.dead-letter-topic", deadLetter));
            try {
                // given: two workers following every topic of the prefix (no --migrations), Drover's tables made first
                assertThat(drover.run("setup").exitCode()).isZero();
                for (int i = 0; i < 2; i++) {
                    workers.add(drover.start(dir, "worker-" + i, List.of("-Xmx256m", "-Ddrover.observe.port=" + Drover.freePort()), "worker"));
                }
                long deadline = System.currentTimeMillis() + 120_000;
                for (int i = 0; i < 2; i++) {
                    while (!Files.readString(dir.resolve("worker-" + i + ".out")).contains("Drover worker is running")
                            && System.currentTimeMillis() < deadline) {
                        assertThat(workers.get(i).isAlive()).as(Files.readString(dir.resolve("worker-" + i + ".err"))).isTrue();
                        Thread.sleep(200);
                    }
                }

                // when
                Drover.Result plan = drover.run("migrate", "--plan=library", "--all", "--distributed");

                // then: one summary and exit code, each migration its own run in parent order, published to its own topic
                assertThat(plan.exitCode()).as(plan.toString()).isZero();
                assertThat(plan.out()).contains("Plan library: 4 migrations, parents first: authors, publishers, books, reviews")
                        .contains("to topic " + prefix + "authors").contains("to topic " + prefix + "reviews")
                        .contains("total                    32 migrated, 0 unchanged, 0 failed, 0 rejected")
                        .contains("book_number (book.id) set to 108")
                        .contains("Plan library SUCCEEDED.");
                assertThat(db.jdbc().queryForList("SELECT migration FROM drover.migration_run ORDER BY started_at", String.class))
                        .containsExactly("authors", "publishers", "books", "reviews");
                // and: the rows of a plan run in one process
                for (String table : List.of("author", "publisher", "book", "review")) {
                    assertThat(db.checksum(table)).as(table).isEqualTo(ref.checksum(table));
                }
            } finally {
                workers.forEach(Process::destroy);
                for (Process worker : workers) {
                    Drover.waitFor(worker, 60);
                }
                List<String> topics = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(name -> name.startsWith(prefix) || name.equals(deadLetter)).toList());
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aWorkerFollowingEveryTopicRefusesADeadLetterTopicInsideThePrefixInOneLine() throws Exception {
        try (TestDatabase source = TestDatabase.postgres("dplan_dl_src"); TestDatabase target = TestDatabase.postgres("dplan_dl_tgt")) {
            Drover drover = Drover.withMigration(dir.resolve("dead-letter"), source, target, LibraryPlan.YAML, Map.of(
                    "drover.kafka.bootstrap-servers", BOOTSTRAP, "drover.kafka.topic-prefix", "ids.",
                    "drover.kafka.dead-letter-topic", "ids.dead-letter"));

            Drover.Result everyTopic = drover.run("worker");

            assertThat(everyTopic.exitCode()).as(everyTopic.toString()).isEqualTo(2);
            assertThat(everyTopic.err().strip()).doesNotContain("\n").contains("drover.kafka.dead-letter-topic 'ids.dead-letter'"
                    + " starts with drover.kafka.topic-prefix 'ids.'");
        }
    }
}
