package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `drover migrate` on the sample, PostgreSQL to PostgreSQL: selection, idempotence, failures, dry run. */
class MigrateCommandIT {

    /** 1300 sample customers hold three bad items: 250 (bad date), 750 (bad status), 1250 (address violates NOT NULL). */
    private static final int CUSTOMERS = 1300;
    private static final int GOOD = CUSTOMERS - 3;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Drover drover;
    static Tables db;
    static Tables legacy;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("migrate_src");
        target = TestDatabase.postgres("migrate_tgt");
        drover = Drover.configure(dir, source, target);
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
        Drover.Result init = drover.run("sample", "init", "--customers=" + CUSTOMERS);
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out()).contains("Seeded 3 deliberately bad items");
    }

    @Test
    void itemIdMigratesExactlyThatItemWithItsAddresses() {
        // when
        Drover.Result result = drover.run("migrate", "customers", "--item-id=41");

        // then: customer 41 has two legacy addresses (ids 410 and 411)
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM customer WHERE id = 41")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id = 41")).isEqualTo(2);
        assertThat(db.statuses(db.latestRunId("customers"))).containsExactly(Map.entry("41", "MIGRATED"));
        assertThat(result.out()).contains("1 migrated, 0 unchanged, 0 failed");
    }

    @Test
    void severalItemIdsMigrateJustThoseItems() {
        Drover.Result result = drover.run("migrate", "customers", "--item-id=1,2", "--item-id=3,1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("3 items");
        assertThat(db.rows("SELECT id FROM customer ORDER BY id")).extracting(r -> ((Number) r.get("id")).intValue())
                .containsExactly(1, 2, 3);
    }

    @Test
    void allMigratesEveryGoodItemAndASecondRunChangesNothing() {
        // when
        Drover.Result first = drover.run("migrate", "customers", "--all");

        // then
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(GOOD);
        assertThat(db.count("SELECT count(*) FROM customer_address"))
                .isEqualTo(legacy.count("SELECT count(*) FROM addresses WHERE customer_id NOT IN (250, 750, 1250)"));
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) AND status = 'MIGRATED'",
                db.latestRunId("customers"))).isEqualTo(GOOD);
        String customers = db.checksum("customer");
        String addresses = db.checksum("customer_address");

        // when
        Drover.Result second = drover.run("migrate", "customers", "--all");

        // then: every good item is UNCHANGED and both tables are identical, row for row
        assertThat(second.exitCode()).isEqualTo(1);
        Map<String, String> statuses = db.statuses(db.latestRunId("customers"));
        assertThat(statuses).hasSize(CUSTOMERS);
        assertThat(statuses.values().stream().filter("UNCHANGED"::equals).count()).isEqualTo(GOOD);
        assertThat(statuses).containsEntry("250", "FAILED").containsEntry("750", "FAILED").containsEntry("1250", "FAILED");
        assertThat(db.checksum("customer")).isEqualTo(customers);
        assertThat(db.checksum("customer_address")).isEqualTo(addresses);
        assertThat(second.out()).contains("0 migrated, " + GOOD + " unchanged, 3 failed");
    }

    @Test
    void aChangedItemIsRewrittenAndItsRemovedAddressDeleted() {
        drover.run("migrate", "customers", "--all");
        // given: customer 41 changes its email and loses address 411
        legacy.jdbc().update("UPDATE customers SET email = ' New.Mail@Example.COM ' WHERE id = 41");
        legacy.jdbc().update("DELETE FROM addresses WHERE id = 411");

        // when
        Drover.Result rerun = drover.run("migrate", "customers", "--all");

        // then: exactly that item was written, and the target equals the new source
        Map<String, String> statuses = db.statuses(db.latestRunId("customers"));
        assertThat(statuses.entrySet().stream().filter(e -> e.getValue().equals("MIGRATED")).map(Map.Entry::getKey))
                .containsExactly("41");
        assertThat(db.rows("SELECT email FROM customer WHERE id = 41")).extracting(r -> r.get("email"))
                .containsExactly("new.mail@example.com");
        assertThat(db.rows("SELECT id FROM customer_address WHERE customer_id = 41")).extracting(r -> ((Number) r.get("id")).intValue())
                .containsExactly(410);
        assertThat(rerun.out()).contains("1 migrated, " + (GOOD - 1) + " unchanged, 3 failed");
    }

    @Test
    void badItemsFailWithTheirReasonNothingOfThemIsWrittenAndRetryFailedTakesJustThem() {
        // when
        Drover.Result result = drover.run("migrate", "customers", "--all");

        // then: the run goes on, the bad items fail with the column and the rule, exit code 1
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out())
                .contains("250: Item 250 of migration 'customers' failed, nothing of it was written: column 'created_at' is not a date")
                .contains("750: Item 750 of migration 'customers' failed, nothing of it was written: column 'status' must be one of the codes [A, I, S] (value: 'X')")
                .contains("1250: Item 1250 of migration 'customers' failed and was rolled back")
                .contains("--retry-failed");
        Map<String, Object> dateFailure = db.rows("SELECT * FROM drover.migration_log WHERE item_id = '250'").get(0);
        assertThat(dateFailure.get("status")).isEqualTo("FAILED");
        assertThat(dateFailure.get("error_class")).isEqualTo("io.drover.pipeline.ItemDataException");
        assertThat(dateFailure.get("rolled_back")).isEqualTo(false);
        assertThat(dateFailure.get("source_data").toString()).contains("31/02/2019");
        // 1250's customer row was written before its address failed: the rollback must have removed it
        Map<String, Object> constraintFailure = db.rows("SELECT * FROM drover.migration_log WHERE item_id = '1250'").get(0);
        assertThat(constraintFailure.get("error").toString()).contains("street").contains("not-null");
        assertThat(constraintFailure.get("error_class")).isEqualTo("org.postgresql.util.PSQLException");
        assertThat(constraintFailure.get("rolled_back")).isEqualTo(true);
        assertThat(db.count("SELECT count(*) FROM customer WHERE id IN (250, 750, 1250)")).isZero();
        assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id IN (250, 750, 1250)")).isZero();
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(GOOD);

        // given: the source is fixed
        legacy.jdbc().update("UPDATE customers SET created_at = '2019-02-28 10:00:00' WHERE id = 250");
        legacy.jdbc().update("UPDATE customers SET status = 'A' WHERE id = 750");
        legacy.jdbc().update("UPDATE addresses SET street = '1 Mended Street' WHERE customer_id = 1250");

        // when
        Drover.Result retry = drover.run("migrate", "customers", "--retry-failed");

        // then
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("customers")))
                .containsExactly(Map.entry("1250", "MIGRATED"), Map.entry("250", "MIGRATED"), Map.entry("750", "MIGRATED"));
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT attempt FROM drover.migration_log WHERE item_id = '250' AND status = 'MIGRATED'")).isEqualTo(2);
    }

    @Test
    void dryRunShowsTheDiffAndWritesNothing() {
        drover.run("migrate", "customers", "--item-id=41");
        legacy.jdbc().update("UPDATE customers SET email = 'changed@example.com' WHERE id = 41");
        String before = db.checksum("customer");

        // when
        Drover.Result preview = drover.run("migrate", "customers", "--dry-run", "--item-id=41,42");

        // then
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        assertThat(preview.out())
                .contains("item 41 would change 1 row:")
                .containsPattern("update customer \\[id=41\\]\\s+email: '[a-z.0-9]+@[a-z.]+' -> 'changed@example.com'")
                .contains("item 42 would change 1 row:")
                .contains("insert customer [id=42]");
        assertThat(db.checksum("customer")).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM customer WHERE id = 42")).isZero();
        assertThat(db.statuses(db.latestRunId("customers"))).containsOnly(Map.entry("41", "DRY_RUN"), Map.entry("42", "DRY_RUN"));
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE status = 'DRY_RUN' AND diff IS NOT NULL")).isEqualTo(2);
        // a dry run leaves the item state alone: 41 still counts as migrated once, 42 as never seen
        assertThat(db.count("SELECT attempts FROM drover.item_state WHERE item_id = '41'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE item_id = '42'")).isZero();
    }

    @Test
    void forceRewritesUnchangedItems() {
        drover.run("migrate", "customers", "--item-id=5");

        Drover.Result forced = drover.run("migrate", "customers", "--item-id=5", "--force");

        assertThat(forced.exitCode()).isZero();
        assertThat(db.statuses(db.latestRunId("customers"))).containsExactly(Map.entry("5", "MIGRATED"));
    }

    @Test
    void aRunWhileAnotherHoldsTheMigrationIsRefusedAndTouchesNothing() throws Exception {
        // given: another run holds the migration's lock
        try (var connection = java.sql.DriverManager.getConnection(target.url(), target.user(), target.password());
             var lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtext('drover:migration:customers'))")) {
            lock.execute();
            int runsBefore = db.count("SELECT count(*) FROM drover.migration_run");

            // when
            Drover.Result second = drover.run("migrate", "customers", "--all");

            // then
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).contains("migration 'customers' is already running").contains("touched nothing");
            assertThat(db.count("SELECT count(*) FROM customer")).isZero();
            assertThat(db.count("SELECT count(*) FROM drover.migration_run")).isEqualTo(runsBefore);
        }
    }

    @Test
    void badUsageAndUnknownMigrationsExitWithTwo() {
        assertThat(drover.run("migrate", "customers").exitCode()).isEqualTo(2);
        Drover.Result unknown = drover.run("migrate", "nosuch", "--all");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no migration named 'nosuch'; known migrations: [customers, customers-api]");
        Drover.Result help = drover.run("migrate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--item-id").contains("--all").contains("--retry-failed").contains("--dry-run");
    }
}
