package io.drover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover verify` only reads the target: it checks tables that refuse every write, and it stops on SIGTERM
 * within seconds, recording its verification INTERRUPTED.
 */
class ReadOnlyVerifyIT {

    private static final int CUSTOMERS = 3000; // bad items: 250, 750, 1250, 1750, 2250, 2750

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Drover drover;
    static Tables db;
    static Tables legacy;

    @BeforeAll
    static void migratedSample() {
        source = TestDatabase.postgres("roverify_src");
        target = TestDatabase.postgres("roverify_tgt");
        drover = Drover.configure(dir, source, target);
        db = new Tables(target.dataSource());
        legacy = new Tables(source.dataSource());
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        assertThat(drover.run("migrate", "customers", "--all").exitCode()).isEqualTo(1); // the six bad items
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void verifyChecksTablesThatRefuseEveryWrite() {
        // given: target tables whose every INSERT, UPDATE or DELETE fails
        db.jdbc().execute("""
                CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'verify wrote to %', TG_TABLE_NAME; END $$""");
        db.jdbc().execute("CREATE TRIGGER refuse BEFORE INSERT OR UPDATE OR DELETE ON customer FOR EACH ROW EXECUTE FUNCTION refuse_writes()");
        db.jdbc().execute("CREATE TRIGGER refuse BEFORE INSERT OR UPDATE OR DELETE ON customer_address FOR EACH ROW EXECUTE FUNCTION refuse_writes()");
        try {
            // when: items migrated cleanly are verified (the enum status and the timestamptz created_at compared as stored)
            Drover.Result clean = drover.run("verify", "customers", "--item-id=1,2,3,4,5,100,2999");

            // then: each matches, and no write was tried (the trigger would have made it an ERROR naming the table)
            assertThat(clean.exitCode()).as(clean.toString()).isZero();
            assertThat(clean.out()).contains("7 match, 0 missing, 0 different").doesNotContain("verify wrote");
            assertThat(clean.out() + clean.err()).doesNotContain("verify wrote");

            // when: a source row changed since the migration, and a child row was added to the target by hand
            legacy.jdbc().update("UPDATE customers SET status = 'S' WHERE id = 6");
            Drover.Result changed = drover.run("verify", "customers", "--item-id=6,7");

            // then: the change is named, column and values; the unchanged item still matches
            assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
            assertThat(changed.out()).contains("item 6: DIFFERENT").contains("status: 'active' -> 'suspended'")
                    .contains("1 match, 0 missing, 1 different").doesNotContain("verify wrote");
            assertThat(db.jdbc().queryForObject("SELECT status::text FROM customer WHERE id = 6", String.class)).isEqualTo("active");
        } finally {
            db.jdbc().execute("DROP TRIGGER refuse ON customer");
            db.jdbc().execute("DROP TRIGGER refuse ON customer_address");
            legacy.jdbc().update("UPDATE customers SET status = 'A' WHERE id = 6");
        }
    }

    @Test
    void everyComparisonRunsInAReadOnlyTransaction() {
        // given: the phone column of a domain whose check, when the database is told to expect it, refuses to run
        // outside a read-only transaction; verify casts each compared value to the column's type, so the check runs
        // in verify's comparison (Drover's own verification_run and verification_result rows do not touch it)
        db.jdbc().execute("""
                CREATE FUNCTION compared_read_only(v text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                  IF current_setting('drover_test.expect_read_only', true) = 'on' AND current_setting('transaction_read_only') = 'off' THEN
                    RAISE EXCEPTION 'compared in a transaction that may write';
                  END IF;
                  RETURN true;
                END $$""");
        db.jdbc().execute("CREATE DOMAIN probed_phone AS text CHECK (compared_read_only(VALUE))");
        db.jdbc().execute("ALTER TABLE customer ALTER COLUMN phone TYPE probed_phone");
        db.jdbc().execute("ALTER DATABASE " + target.name() + " SET drover_test.expect_read_only = on");
        try {
            // when
            Drover.Result result = drover.run("verify", "customers", "--item-id=1,2,3,4,5");

            // then: every comparison ran read-only (else each item would be an ERROR naming the transaction)
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("5 match, 0 missing, 0 different").doesNotContain("may write");
        } finally {
            db.jdbc().execute("ALTER DATABASE " + target.name() + " RESET drover_test.expect_read_only");
            db.jdbc().execute("ALTER TABLE customer ALTER COLUMN phone TYPE text");
            db.jdbc().execute("DROP DOMAIN probed_phone");
        }
    }

    @Test
    void sigtermStopsAVerificationWithinSecondsAndRecordsItInterrupted() throws Exception {
        // given: a verification of every item under way
        Process process = drover.start(dir, "verify-sigterm", "verify", "customers", "--workers=1");
        long deadline = System.currentTimeMillis() + 120_000;
        while (checked() < 50 && System.currentTimeMillis() < deadline && process.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(process.isAlive()).as("the verification is still running when it gets SIGTERM").isTrue();

        // when: SIGTERM
        long sent = System.nanoTime();
        process.destroy();
        int exit = Drover.waitFor(process, 30);
        double seconds = (System.nanoTime() - sent) / 1e9;

        // then: it stopped within seconds, part way, recorded INTERRUPTED (not left RUNNING)
        assertThat(seconds).isLessThan(10);
        assertThat(exit).isNotZero();
        assertThat(db.rows("SELECT status, checked FROM drover.verification_run ORDER BY started_at DESC LIMIT 1")).singleElement()
                .satisfies(run -> {
                    assertThat(run.get("status")).isEqualTo("INTERRUPTED");
                    assertThat(((Number) run.get("checked")).intValue()).isBetween(50, CUSTOMERS - 1);
                });
    }

    private static int checked() {
        try {
            return db.count("SELECT count(*) FROM drover.verification_result r JOIN drover.verification_run v ON v.run_id = r.run_id"
                    + " WHERE v.status = 'RUNNING'");
        } catch (RuntimeException tablesNotCreatedYet) {
            return 0;
        }
    }
}
