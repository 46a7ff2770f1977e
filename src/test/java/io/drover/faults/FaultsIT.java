package io.drover.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes and lost connections against real PostgreSQL: nothing lost, nothing duplicated, reruns converge. */
class FaultsIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("faults_src");
        target = TestDatabase.postgres("faults_tgt");
        db = new Tables(target.dataSource());
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void killNineAtTenPointsOfARunLeavesEveryCommittedItemLoggedAndARerunConverges() throws Exception {
        int customers = 1000; // bad items: 250 and 750
        Drover drover = Drover.configure(dir.resolve("run"), source, target);
        assertThat(drover.run("sample", "init", "--customers=" + customers).exitCode()).isZero();

        for (int point = 1; point <= 10; point++) {
            // when: the process is killed outright once a further 80 items are committed
            int goal = point * 80;
            Process process = drover.start(dir, "kill-" + point, "migrate", "customers", "--all", "--workers=2");
            waitUntil(() -> db.count("SELECT count(*) FROM customer"), goal, process);
            process.destroyForcibly(); // SIGKILL: no hook, no graceful anything
            Drover.waitFor(process, 30);

            // then: no committed item lacks its log row, and no item is written twice
            assertThat(db.count("SELECT count(*) FROM customer c WHERE NOT EXISTS (SELECT 1 FROM drover.migration_log l"
                    + " WHERE l.item_id = CAST(c.id AS text) AND l.status = 'MIGRATED')")).as("kill " + point).isZero();
            assertThat(db.count("SELECT count(*) FROM (SELECT item_id FROM drover.migration_log WHERE status = 'MIGRATED'"
                    + " GROUP BY item_id HAVING count(*) > 1) twice")).as("kill " + point).isZero();
        }
        int committedBeforeRerun = db.count("SELECT count(*) FROM customer");
        assertThat(committedBeforeRerun).isBetween(800, customers - 2);

        // when
        Drover.Result rerun = drover.run("migrate", "customers", "--all");

        // then: every item has a terminal status, the killed runs are marked, the end state is an uninterrupted run's
        assertThat(rerun.out()).contains((customers - 2 - committedBeforeRerun) + " migrated, " + committedBeforeRerun + " unchanged, 2 failed");
        assertThat(db.count("SELECT count(*) FROM drover.item_state")).isEqualTo(customers);
        assertThat(db.rows("SELECT status, count(*) AS n FROM drover.migration_run GROUP BY status ORDER BY status"))
                .extracting(r -> r.get("status") + "=" + r.get("n")).containsExactly("FAILED=1", "INTERRUPTED=10");
        try (TestDatabase reference = TestDatabase.postgres("faults_ref")) {
            SampleData.createTarget(reference.dataSource());
            Drover uninterrupted = Drover.configure(dir.resolve("ref"), source, reference);
            assertThat(uninterrupted.run("migrate", "customers", "--all").exitCode()).isEqualTo(1);
            Tables ref = new Tables(reference.dataSource());
            assertThat(db.checksum("customer")).isEqualTo(ref.checksum("customer"));
            assertThat(db.checksum("customer_address")).isEqualTo(ref.checksum("customer_address"));
        }
    }

    @Test
    void connectionsCutMidRunAreRetriedAndTheRunGoesOn() throws Exception {
        int customers = 2000; // bad items: 250, 750, 1250, 1750
        Drover drover = Drover.configure(dir.resolve("run"), source, target,
                Map.of("drover.retry.attempts", "5", "drover.retry.delay-ms", "200"));
        assertThat(drover.run("sample", "init", "--customers=" + customers).exitCode()).isZero();
        Process process = drover.start(dir, "cut", "migrate", "customers", "--all");
        waitUntil(() -> db.count("SELECT count(*) FROM customer"), 300, process);

        // when: every connection to the target and to the source is terminated, twice
        for (int round = 0; round < 2; round++) {
            terminateConnections(target);
            terminateConnections(source);
            Thread.sleep(500);
        }
        int exit = Drover.waitFor(process, 180);

        // then: only the four bad items failed; the cut connections were retried. An item whose commit
        // went through just before its connection was cut is tried again and found UNCHANGED.
        String out = Files.readString(dir.resolve("cut.out"));
        String err = Files.readString(dir.resolve("cut.err"));
        assertThat(exit).as(out + err).isEqualTo(1);
        assertThat(out).as(err).containsPattern("customers: " + customers + " items in .*, 4 failed\\.");
        assertThat(Files.readString(dir.resolve("cut.err"))).contains("trying again in");
        assertThat(db.rows("SELECT item_id FROM drover.item_state WHERE last_status = 'FAILED' ORDER BY item_id"))
                .extracting(r -> r.get("item_id")).containsExactly("1250", "1750", "250", "750");
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(customers - 4);
    }

    @Test
    void aStuckItemFailsAfterTheLockTimeoutAndTheOthersGoOn() throws Exception {
        Drover drover = Drover.configure(dir.resolve("run"), source, target, Map.of("drover.target.lock-timeout-ms", "1000",
                "drover.retry.attempts", "1"));
        assertThat(drover.run("sample", "init", "--customers=100").exitCode()).isZero();
        assertThat(drover.run("migrate", "customers", "--item-id=41").exitCode()).isZero();

        // given: another session holds customer 41's row
        try (Connection other = DriverManager.getConnection(target.url(), target.user(), target.password())) {
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                lock.execute("SELECT * FROM customer WHERE id = 41 FOR UPDATE");
            }

            // when
            Drover.Result result = drover.run("migrate", "customers", "--item-id=41,42", "--force");

            // then
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).contains("41: Item 41 of migration 'customers' failed and was rolled back")
                    .contains("lock timeout").contains("another session holds a lock on a row of this item");
            assertThat(db.statuses(db.latestRunId("customers"))).containsExactly(Map.entry("41", "FAILED"), Map.entry("42", "MIGRATED"));
            other.rollback();
        }
    }

    private static void waitUntil(IntSupplier count, int goal, Process process) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            try {
                if (count.getAsInt() >= goal) {
                    return;
                }
            } catch (RuntimeException tablesNotReadyYet) {
                // Drover creates its tables when it starts
            }
            Thread.sleep(20);
        }
    }

    private static void terminateConnections(TestDatabase database) throws Exception {
        try (Connection admin = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement terminate = admin.createStatement()) {
            terminate.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.name()
                    + "' AND pid <> pg_backend_pid()");
        }
    }
}
