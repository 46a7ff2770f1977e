package io.drover.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.target.TargetDialect;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lock of a migration outlives the loss of the session that holds it (what a PostgreSQL restart
 * does to every session: SQLSTATE 57P01), and a killed run's lock still frees itself.
 */
class RunLockRestartIT {

    private static final int CUSTOMERS = 1000; // bad items: 250 and 750

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("runlock_src");
        target = TestDatabase.postgres("runlock_tgt");
        db = new Tables(target.dataSource());
    }

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @Test
    void aRunWhoseLockSessionIsTerminatedKeepsItsLockAndASecondRunIsRefused() throws Exception {
        // given: a run slowed down to a few seconds by a trigger on the target
        Drover drover = Drover.configure(dir, source, target);
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        slowDownCustomerInserts();
        Process first = drover.start(dir, "first", "migrate", "customers", "--all", "--workers=2");
        waitForCustomers(50, first);

        // when: the session holding the lock is terminated, as a server restart terminates every session
        List<Integer> holders = db.jdbc().queryForList("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", Integer.class);
        assertThat(holders).hasSize(1);
        db.jdbc().queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, holders.get(0));

        // then: another process taking the lock right away finds the run's lease still renewed and steps back
        Optional<RunLock> raced = RunLock.tryAcquire(target.dataSource(), new io.drover.log.DroverTables("drover"), TargetDialect.POSTGRESQL, "customers");
        raced.ifPresent(RunLock::close);
        assertThat(raced).as("a lock taken while the first run is alive").isEmpty();

        // and: a second run is refused before it touches anything
        assertThat(first.isAlive()).as("the first run is still running").isTrue();
        Process second = drover.start(dir, "second", "migrate", "customers", "--item-id=1", "--force");
        assertThat(Drover.waitFor(second, 120)).as(Files.readString(dir.resolve("second.err"))).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("second.err")))
                .contains("migration 'customers' is already running (run ").contains("touched nothing");
        assertThat(first.isAlive()).as("the first run is still running while the second is refused").isTrue();
        // this database's locks only: other databases of the server (other test classes) take advisory locks too
        assertThat(db.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).as("the lock taken back").isEqualTo(1);

        // and: the first run finishes; no item was written twice, and the refused run left no trace
        int firstExit = Drover.waitFor(first, 180);
        String out = Files.readString(dir.resolve("first.out"));
        assertThat(firstExit).as(out + Files.readString(dir.resolve("first.err"))).isEqualTo(1);
        assertThat(out).contains("customers: " + CUSTOMERS + " items in").contains((CUSTOMERS - 2) + " migrated, 0 unchanged, 2 failed");
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(CUSTOMERS - 2);
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE status = 'MIGRATED'")).isEqualTo(CUSTOMERS - 2);
        assertThat(db.count("SELECT count(*) FROM (SELECT item_id FROM drover.migration_log GROUP BY item_id HAVING count(*) > 1) twice")).isZero();
        assertThat(db.rows("SELECT status FROM drover.migration_run")).extracting(r -> r.get("status")).containsExactly("FAILED");
        assertThat(db.count("SELECT count(*) FROM drover.run_lease")).as("the lease released at the end").isZero();
    }

    @Test
    void aKilledRunsLeaseExpiresAndTheNextRunTakesItOver() throws Exception {
        // given: a run killed outright leaves its lease behind
        Drover drover = Drover.configure(dir, source, target, Map.of("drover.run-lock.expiry-ms", "3000"));
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        slowDownCustomerInserts();
        Process killed = drover.start(dir, "killed", "migrate", "customers", "--all", "--workers=2");
        waitForCustomers(50, killed);
        killed.destroyForcibly();
        Drover.waitFor(killed, 30);
        assertThat(db.count("SELECT count(*) FROM drover.run_lease")).isEqualTo(1);

        // when
        Process next = drover.start(dir, "next", "migrate", "customers", "--item-id=1,2");

        // then: once the lease has expired, the next run takes it and runs
        String err = Files.readString(dir.resolve("next.err"));
        assertThat(Drover.waitFor(next, 60)).as(err).isZero();
        assertThat(Files.readString(dir.resolve("next.err"))).contains("took over the lease of the run on host");
        assertThat(db.count("SELECT count(*) FROM drover.run_lease")).isZero();
    }

    @Test
    void aRunWhoseLeaseWasTakenOverStopsAtOnceAndSaysWhy() throws Exception {
        // given: a slow run
        Drover drover = Drover.configure(dir, source, target);
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        slowDownCustomerInserts();
        Process run = drover.start(dir, "run", "migrate", "customers", "--all", "--workers=2");
        waitForCustomers(50, run);

        // when: another holder takes its lease over
        db.jdbc().update("UPDATE drover.run_lease SET holder = gen_random_uuid() WHERE migration = 'customers'");

        // then: the run stops well before its end, recorded INTERRUPTED, with the reason
        int exit = Drover.waitFor(run, 60);
        String out = Files.readString(dir.resolve("run.out"));
        assertThat(exit).as(out + Files.readString(dir.resolve("run.err"))).isEqualTo(1);
        assertThat(out).contains("stopped: it lost the run lock of migration 'customers': another run took over its lease");
        assertThat(db.rows("SELECT status FROM drover.migration_run")).extracting(r -> r.get("status")).containsExactly("INTERRUPTED");
        assertThat(db.count("SELECT count(*) FROM customer")).isLessThan(CUSTOMERS / 2);
    }

    private void slowDownCustomerInserts() {
        db.jdbc().execute("CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.03); RETURN NEW; END $$");
        db.jdbc().execute("CREATE TRIGGER slow_down BEFORE INSERT ON customer FOR EACH ROW EXECUTE FUNCTION slow_down()");
    }

    private void waitForCustomers(int goal, Process process) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (process.isAlive() && System.currentTimeMillis() < deadline) {
            try {
                if (db.count("SELECT count(*) FROM customer") >= goal) {
                    return;
                }
            } catch (RuntimeException tablesNotReadyYet) {
                // Drover creates its tables when it starts
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run did not reach " + goal + " customers");
    }
}
