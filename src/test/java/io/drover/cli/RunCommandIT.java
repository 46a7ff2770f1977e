package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.log.ItemOutcome;
import io.drover.pipeline.ItemStatus;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `drover run`: ids arriving through the direct: endpoint, the file inbox and the polling trigger are migrated end to end. */
class RunCommandIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Tables db;
    static Tables legacy;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("run_src");
        target = TestDatabase.postgres("run_tgt");
        db = new Tables(target.dataSource());
        legacy = new Tables(source.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @BeforeEach
    void freshSample() {
        Drover drover = Drover.configure(dir.resolve("init"), source, target);
        assertThat(drover.run("sample", "init", "--customers=300").exitCode()).isZero();
    }

    /** A runtime like `drover run`'s; the poll trigger waits an hour unless the test wants it. */
    private DroverRuntime start(String name, Map<String, String> extra) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("drover.sample.poll-initial-delay", "3600000"));
        properties.putAll(extra);
        Drover drover = Drover.configure(dir.resolve(name), source, target, properties);
        return DroverRuntime.start(drover.config(), Map.of("drover.triggers.enabled", "true", "drover.arguments", "run"));
    }

    @Test
    void directEndpointMigratesAnItemAndAnswersWithItsOutcome() {
        try (DroverRuntime runtime = start("direct", Map.of())) {
            var producer = runtime.context().createProducerTemplate();

            ItemOutcome migrated = producer.requestBody("direct:migrate-customers", 41, ItemOutcome.class);
            ItemOutcome failed = producer.requestBody("direct:migrate-customers", "250", ItemOutcome.class);

            assertThat(migrated.status()).isEqualTo(ItemStatus.MIGRATED);
            assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id = 41")).isEqualTo(2);
            assertThat(failed.status()).isEqualTo(ItemStatus.FAILED);
            assertThat(failed.error()).contains("Item 250").contains("created_at");
            assertThat(db.rows("SELECT item_id, status FROM drover.migration_log WHERE run_id = CAST(? AS uuid) ORDER BY log_id",
                    db.latestRunId("customers")))
                    .extracting(r -> r.get("item_id") + "=" + r.get("status")).containsExactly("41=MIGRATED", "250=FAILED");
        }
    }

    @Test
    void inboxFilesAreMigratedAndMovedToDoneOrErrorWithASummary() throws Exception {
        Path inbox = dir.resolve("inbox-run/inbox");
        try (DroverRuntime runtime = start("inbox-run", Map.of())) {
            Files.createDirectories(inbox);
            // when
            // comments anywhere, the first line included, indented, with or without a space after #
            Files.writeString(inbox.resolve("good.ids"), "# ids of the first batch\n1\n2\n\n  #a comment\n 3 \n");
            Files.writeString(inbox.resolve("mixed.txt"), "#note\n4\n250\n# the end");

            // then
            await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> Files.exists(inbox.resolve("done/good.ids")) && Files.exists(inbox.resolve("error/mixed.txt")));
            assertThat(Files.readString(inbox.resolve("done/good.ids.summary.txt")))
                    .contains("items: 3, migrated: 3, unchanged: 0, failed: 0");
            assertThat(Files.readString(inbox.resolve("error/mixed.txt.summary.txt")))
                    .contains("items: 2, migrated: 1, unchanged: 0, failed: 1")
                    .contains("250: Item 250 of migration 'customers' failed");
            assertThat(db.rows("SELECT id FROM customer ORDER BY id")).extracting(r -> ((Number) r.get("id")).intValue())
                    .containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void pollingTriggerMigratesItemsChangedSinceThePreviousPoll() throws Exception {
        try (DroverRuntime runtime = start("poll", Map.of("drover.sample.poll-initial-delay", "100",
                "drover.sample.poll-period", "500"))) {
            // the first poll takes every customer (changed since the epoch)
            await().atMost(60, TimeUnit.SECONDS).until(() -> db.count("SELECT count(*) FROM customer") == 299);

            // when: one customer changes in the source
            legacy.jdbc().update("UPDATE customers SET email = 'polled@example.com', modified_at = CURRENT_TIMESTAMP WHERE id = 7");

            // then: the next poll migrates just that one
            await().atMost(60, TimeUnit.SECONDS).until(() -> db.count("SELECT count(*) FROM customer WHERE email = 'polled@example.com'") == 1);
            assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id = '7' AND status = 'MIGRATED'")).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id = '8' AND status = 'MIGRATED'")).isEqualTo(1);
        }
    }

    @Test
    void aRestartPollsFromItsLastPollNotFromTheEpoch() throws Exception {
        Map<String, String> polling = Map.of("drover.sample.poll-initial-delay", "100", "drover.sample.poll-period", "500");
        try (DroverRuntime first = start("repoll-1", polling)) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> db.count("SELECT count(*) FROM drover.poll_mark") == 1);
        }
        int logRows = db.count("SELECT count(*) FROM drover.migration_log");
        legacy.jdbc().update("UPDATE customers SET email = 'repolled@example.com', modified_at = CURRENT_TIMESTAMP WHERE id = 9");

        // when: drover run starts again
        try (DroverRuntime second = start("repoll-2", polling)) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> db.count("SELECT count(*) FROM customer WHERE email = 'repolled@example.com'") == 1);
        }

        // then: only the changed customer was polled again, not all 300 from the epoch
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isBetween(logRows + 1, logRows + 3);
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id = '8'")).isEqualTo(1);
    }

    @Test
    void theRunCommandStartsItsTriggersAfterItsChecksAndEndsItsRunOnSigterm() throws Exception {
        int port = Drover.freePort();
        Path inbox = dir.resolve("command/inbox");
        Drover drover = Drover.configure(dir.resolve("command"), source, target, Map.of("drover.sample.poll-initial-delay", "3600000",
                "drover.observe.port", String.valueOf(port), "drover.sample.inbox", inbox.toString()));

        // when: drover run, as a process of its own, gets a file in its inbox, then SIGTERM
        Process process = drover.start(dir, "command", "run");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.isDirectory(inbox)); // the inbox's route has started
        Files.writeString(inbox.resolve("ids.txt"), "5\n6\n");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(inbox.resolve("done/ids.txt")));
        process.destroy();

        // then: it ran until stopped, and its run ended with its counts
        assertThat(Drover.waitFor(process, 60)).isEqualTo(143);
        assertThat(Files.readString(dir.resolve("command.out"))).contains("Drover is running; migrations: [customers, customers-api]");
        // the inbox file ended cleanly: no warning, no stack trace when its split let go of it
        assertThat(Files.readString(dir.resolve("command.out")) + Files.readString(dir.resolve("command.err")))
                .doesNotContain("cannot read the inbox file").doesNotContain("\tat ");
        assertThat(db.rows("SELECT status, items_total, finished_at IS NOT NULL AS ended FROM drover.migration_run"
                + " WHERE migration = 'customers' ORDER BY started_at DESC LIMIT 1"))
                .containsExactly(Map.of("status", "SUCCEEDED", "items_total", 2, "ended", true));
    }

}
