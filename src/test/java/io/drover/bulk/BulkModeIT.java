package io.drover.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover migrate --bulk`: chunks committed together, bad items isolated by splitting, and the same
 * target, log and states as per-item mode; reruns idempotent. MariaDB and PostgreSQL sources.
 */
class BulkModeIT {

    /** 1300 sample customers hold three bad items: 250 (bad date), 750 (bad status), 1250 (address violates NOT NULL). */
    private static final int CUSTOMERS = 1300;

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase bulkTarget;
    TestDatabase itemTarget;

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, bulkTarget, itemTarget);
    }

    @Test
    void bulkModeIsolatesBadItemsAndLeavesWhatPerItemModeLeaves() {
        source = TestDatabase.mariadb("bulk_src");
        bulkTarget = TestDatabase.postgres("bulk_tgt");
        itemTarget = TestDatabase.postgres("bulk_item_tgt");
        Drover bulk = Drover.configure(dir.resolve("bulk"), source, bulkTarget);
        Drover perItem = Drover.configure(dir.resolve("item"), source, itemTarget);
        assertThat(bulk.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        assertThat(perItem.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        Tables db = new Tables(bulkTarget.dataSource());
        Tables reference = new Tables(itemTarget.dataSource());
        // a rule only the database knows: 1240's chunk fails when written and must be split (1250, whose
        // address breaks a NOT NULL the target declares, goes alone before its chunk is written)
        // and a foreign key, checked by PostgreSQL for every copied row: the address of the first customer
        // after 1255 that has one is not among the known addresses
        Tables legacy = new Tables(source.dataSource());
        String unknown = String.valueOf(legacy.count("SELECT min(customer_id) FROM addresses WHERE customer_id > 1255"));
        List<Object> knownAddresses = legacy.jdbc().queryForList("SELECT id FROM addresses WHERE customer_id <> ?", Object.class, unknown);
        for (Tables target : new Tables[] {db, reference}) {
            target.jdbc().execute("ALTER TABLE customer ADD CONSTRAINT customer_not_1240 CHECK (id <> 1240)");
            target.jdbc().execute("CREATE TABLE known_address (id bigint PRIMARY KEY)");
            target.jdbc().batchUpdate("INSERT INTO known_address VALUES (?)", knownAddresses.stream().map(id -> new Object[] {id}).toList());
            target.jdbc().execute("ALTER TABLE customer_address ADD CONSTRAINT address_known FOREIGN KEY (id) REFERENCES known_address (id)");
        }

        // when: chunks of 100
        Drover.Result result = bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=100", "--workers=3");
        Drover.Result itemByItem = perItem.run("migrate", "customers", "--all", "--workers=3");

        // then: only the five bad items failed, each with its own reason; their chunk neighbours are written
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("in bulk mode, 100 items per chunk").contains("1295 migrated, 0 unchanged, 5 failed");
        // the run records how it was started, every option included
        assertThat(db.rows("SELECT arguments FROM drover.migration_run"))
                .containsExactly(Map.of("arguments", "migrate customers --all --bulk --chunk-size=100 --workers=3"));
        Map<String, String> statuses = db.statuses(db.latestRunId("customers"));
        assertThat(statuses).hasSize(CUSTOMERS).containsEntry("250", "FAILED").containsEntry("750", "FAILED")
                .containsEntry("1240", "FAILED").containsEntry("1250", "FAILED").containsEntry("1239", "MIGRATED")
                .containsEntry("1241", "MIGRATED").containsEntry("1249", "MIGRATED").containsEntry("1251", "MIGRATED")
                .containsEntry(unknown, "FAILED").containsEntry(String.valueOf(Integer.parseInt(unknown) + 1), "MIGRATED");
        assertThat(statuses.values().stream().filter("FAILED"::equals).count()).isEqualTo(5);
        assertThat(error(db, "1240")).contains("failed and was rolled back").contains("customer_not_1240");
        assertThat(error(db, "1250")).contains("failed and was rolled back").contains("\"street\"").contains("not-null");
        assertThat(error(db, "250")).contains("column 'created_at' is not a date");
        assertThat(error(db, unknown)).contains("failed and was rolled back").contains("address_known");
        assertThat(db.count("SELECT count(*) FROM customer WHERE id BETWEEN 1201 AND 1300")).isEqualTo(97);

        // and: the same rows, log rows and states as item by item
        assertThat(itemByItem.exitCode()).isEqualTo(1);
        assertThat(db.checksum("customer")).isEqualTo(reference.checksum("customer"));
        assertThat(db.checksum("customer_address")).isEqualTo(reference.checksum("customer_address"));
        String logOf = "SELECT item_id, status, attempt, source_hash, source_data::text, destination_data::text, error"
                + " FROM drover.migration_log ORDER BY item_id";
        assertThat(db.rows(logOf)).isEqualTo(reference.rows(logOf));
        String states = "SELECT item_id, source_hash, last_status, attempts FROM drover.item_state ORDER BY item_id";
        assertThat(db.rows(states)).isEqualTo(reference.rows(states));
        // every state carries the run and the finish time of its item's latest log row, in both modes
        String stale = "SELECT count(*) FROM drover.item_state s JOIN LATERAL (SELECT run_id, finished_at FROM drover.migration_log l"
                + " WHERE l.migration = s.migration AND l.item_id = s.item_id ORDER BY log_id DESC LIMIT 1) latest ON true"
                + " WHERE s.last_run_id <> latest.run_id OR s.updated_at <> latest.finished_at";
        assertThat(db.count("SELECT count(*) FROM drover.item_state")).isEqualTo(db.count("SELECT count(DISTINCT item_id) FROM drover.migration_log"));
        assertThat(db.count(stale)).isZero();
        assertThat(reference.count(stale)).isZero();
    }

    @Test
    void bulkRerunsAreIdempotentAndFollowTheSource() {
        Drover bulk = sampleInPostgres("bulk_rerun");
        Tables db = new Tables(bulkTarget.dataSource());
        Tables legacy = new Tables(source.dataSource());
        bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");
        String customers = db.checksum("customer");
        String addresses = db.checksum("customer_address");

        // when: run again unchanged
        Drover.Result again = bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");

        // then: nothing written, the bad items fail again
        assertThat(again.out()).contains("0 migrated, 1297 unchanged, 3 failed");
        assertThat(db.checksum("customer")).isEqualTo(customers);
        assertThat(db.checksum("customer_address")).isEqualTo(addresses);

        // when: the source changes (a name, a removed address, a repaired item) and the run is repeated
        legacy.jdbc().update("UPDATE customers SET full_name = 'Grace Hopper' WHERE id = 7");
        legacy.jdbc().update("DELETE FROM addresses WHERE id = 410");
        legacy.jdbc().update("UPDATE customers SET status = 'A' WHERE id = 750");
        Drover.Result third = bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");

        // then: just those items are written, the removed address is gone from the target
        assertThat(third.out()).contains("3 migrated, 1295 unchanged, 2 failed");
        assertThat(db.rows("SELECT first_name, last_name FROM customer WHERE id = 7"))
                .containsExactly(Map.of("first_name", "Grace", "last_name", "Hopper"));
        assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id = 41")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM customer WHERE id = 750")).isEqualTo(1);

        // and: --retry-failed in bulk mode takes only the two still failing
        Drover.Result retry = bulk.run("migrate", "customers", "--retry-failed", "--bulk");
        assertThat(retry.out()).contains("2 items in").contains("0 migrated, 0 unchanged, 2 failed");
    }

    @Test
    void rowsAlreadyInTheTargetWithoutAStateAreUpsertedNotDuplicated() {
        Drover bulk = sampleInPostgres("bulk_preloaded");
        Tables db = new Tables(bulkTarget.dataSource());
        bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");
        String customers = db.checksum("customer");
        String addresses = db.checksum("customer_address");
        // given: a target that holds rows Drover has no state of (loaded by another tool, or the states
        // removed by hand): stale customers and addresses, an address no item has, the first chunk's
        // customers not there at all, the second chunk's customers without their addresses
        db.jdbc().update("DELETE FROM drover.item_state");
        db.jdbc().update("UPDATE customer SET first_name = 'Stale' WHERE id = 300");
        db.jdbc().update("UPDATE customer_address SET city = 'Stale' WHERE customer_id = 400");
        db.jdbc().update("INSERT INTO customer_address (id, customer_id, kind, street, city, postal_code, country)"
                + " VALUES (999999, 541, 'billing', 'Old Street 1', 'Oldtown', '1000', 'CH')");
        db.jdbc().update("DELETE FROM customer WHERE id <= 64");
        db.jdbc().update("DELETE FROM customer_address WHERE customer_id BETWEEN 65 AND 128");
        int rollbacksBefore = rollbacks(db);

        // when: every item is seen as new and migrated again in bulk mode
        Drover.Result result = bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");

        // then: the target holds exactly what the first run wrote: no duplicate key stopped a chunk, the
        // stale rows were corrected, the extra address removed and the missing rows written
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("1297 migrated, 0 unchanged, 3 failed");
        assertThat(db.checksum("customer")).isEqualTo(customers);
        assertThat(db.checksum("customer_address")).isEqualTo(addresses);
        assertThat(db.count("SELECT count(*) FROM customer_address WHERE id = 999999")).isZero();
        assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE last_status = 'MIGRATED'")).isEqualTo(1297);
        // and: no chunk was split item by item: only 1250's own transaction (its address breaks a NOT NULL)
        // rolled back, where a key collision that failed its chunk would roll back more than a hundred
        assertThat(rollbacks(db) - rollbacksBefore).isLessThan(10);
    }

    @Test
    void rowsOwnedByANewItemKeepWhatItDoesNotWriteAndGoWhenItNoLongerHasThem() {
        // given: a migration of one owned table, whose target was loaded before Drover: a column the items
        // do not write, set by hand, and a row owned by item 20 that its source no longer has, in a chunk
        // where no key collides
        source = TestDatabase.postgres("bulk_owned_src");
        bulkTarget = TestDatabase.postgres("bulk_owned_bulk");
        itemTarget = TestDatabase.postgres("bulk_owned_item");
        new Tables(source.dataSource()).jdbc().execute("CREATE TABLE tag AS SELECT g AS id, g AS owner_id, 'tag ' || g AS label"
                + " FROM generate_series(1, 40) g");
        for (TestDatabase target : new TestDatabase[] {bulkTarget, itemTarget}) {
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TABLE tag_copy (id integer PRIMARY KEY, owner_id integer NOT NULL, label text,"
                    + " note text NOT NULL DEFAULT 'default')");
            db.jdbc().execute("INSERT INTO tag_copy VALUES (5, 5, 'old', 'set by hand'), (1020, 20, 'stale', 'set by hand')");
        }
        String migration = """
                - beans:
                    - name: tagCopy
                      type: "#class:io.drover.pipeline.CopyConverter"
                      properties:
                        table: tag_copy
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-tags
                    parameters:
                      - name: migration
                        value: tags
                      - name: idQuery
                        value: SELECT id FROM tag
                      - name: itemQuery
                        value: SELECT * FROM tag WHERE id = :#id
                      - name: converter
                        value: tagCopy
                      - name: targets
                        value: tag_copy owner owner_id
                """;

        // when: migrated in bulk mode, and item by item into the same target
        Drover.Result bulkRun = Drover.withMigration(dir.resolve("bulk"), source, bulkTarget, migration)
                .run("migrate", "tags", "--all", "--bulk", "--chunk-size=16");
        Drover.Result itemRun = Drover.withMigration(dir.resolve("item"), source, itemTarget, migration)
                .run("migrate", "tags", "--all");

        // then: both upserted: item 5 kept its note, item 20's stale row is gone
        assertThat(bulkRun.exitCode()).as(bulkRun.toString()).isZero();
        assertThat(itemRun.exitCode()).as(itemRun.toString()).isZero();
        Tables db = new Tables(bulkTarget.dataSource());
        assertThat(db.rows("SELECT label, note FROM tag_copy WHERE id = 5"))
                .containsExactly(Map.of("label", "tag 5", "note", "set by hand"));
        assertThat(db.count("SELECT count(*) FROM tag_copy WHERE id = 1020")).isZero();
        assertThat(db.checksum("tag_copy")).isEqualTo(new Tables(itemTarget.dataSource()).checksum("tag_copy"));
        assertThat(db.count("SELECT count(*) FROM tag_copy")).isEqualTo(40);
    }

    @Test
    void theCompactLogKeepsTheDataOfFailuresOnly() {
        source = TestDatabase.postgres("bulk_compact_src");
        bulkTarget = TestDatabase.postgres("bulk_compact_tgt");
        Drover bulk = Drover.configure(dir, source, bulkTarget, Map.of("drover.log.data", "compact"));
        assertThat(bulk.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        Tables db = new Tables(bulkTarget.dataSource());

        bulk.run("migrate", "customers", "--all", "--bulk");

        assertThat(db.rows("SELECT status, count(*) AS items, count(source_data) AS with_source, count(destination_data) AS with_target"
                + " FROM drover.migration_log GROUP BY status ORDER BY status")).containsExactly(
                Map.of("status", "FAILED", "items", 3L, "with_source", 3L, "with_target", 1L), // 1250 was converted, 250 and 750 not
                Map.of("status", "MIGRATED", "items", 1297L, "with_source", 0L, "with_target", 0L));
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE source_hash IS NULL")).isZero();

        // a bulk rerun (UNCHANGED) and a forced item (MIGRATED item by item) keep no data either
        bulk.run("migrate", "customers", "--all", "--bulk");
        bulk.run("migrate", "customers", "--item-id=1", "--force");
        assertThat(db.rows("SELECT status, count(*) AS items, count(source_data) AS with_source, count(destination_data) AS with_target"
                + " FROM drover.migration_log GROUP BY status ORDER BY status")).containsExactly(
                Map.of("status", "FAILED", "items", 6L, "with_source", 6L, "with_target", 2L),
                Map.of("status", "MIGRATED", "items", 1298L, "with_source", 0L, "with_target", 0L),
                Map.of("status", "UNCHANGED", "items", 1297L, "with_source", 0L, "with_target", 0L));
    }

    @Test
    void aChunkWhoseStatesCannotBeRecordedLeavesNoLogRowsBehindItsItemsAreLoggedOnce() {
        Drover bulk = sampleInPostgres("bulk_state_fault");
        Tables db = new Tables(bulkTarget.dataSource());
        bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");
        // given: the first statement that writes item states on the rerun fails (a sequence is not rolled back)
        db.jdbc().execute("CREATE SEQUENCE state_writes");
        db.jdbc().execute("""
                CREATE FUNCTION fail_first_state_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('state_writes') = 1 THEN
                        RAISE EXCEPTION 'simulated failure of the item states';
                    END IF;
                    RETURN NULL;
                END $$""");
        db.jdbc().execute("CREATE TRIGGER fail_first_state_write BEFORE INSERT ON drover.item_state"
                + " FOR EACH STATEMENT EXECUTE FUNCTION fail_first_state_write()");

        // when: a rerun, where every chunk's items are decided (UNCHANGED or failing in the converter) before any write
        Drover.Result again = bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=64");

        // then: the chunk whose states failed went item by item, and no item of the run has two log rows
        assertThat(again.out()).contains("0 migrated, 1297 unchanged, 3 failed");
        assertThat(db.count("SELECT nextval('state_writes')")).isGreaterThan(2);
        String run = db.latestRunId("customers");
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid)", run)).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(DISTINCT item_id) FROM drover.migration_log WHERE run_id = CAST(? AS uuid)", run)).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE last_run_id = CAST(? AS uuid)", run)).isEqualTo(CUSTOMERS);
    }

    @Test
    void bulkModeRefusesADryRun() {
        source = TestDatabase.postgres("bulk_dry_src");
        bulkTarget = TestDatabase.postgres("bulk_dry_tgt");
        Drover bulk = Drover.configure(dir, source, bulkTarget);

        Drover.Result result = bulk.run("migrate", "customers", "--all", "--bulk", "--dry-run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--bulk cannot be combined with --dry-run");
    }

    @Test
    void aUniqueValueTakenTwiceSetsApartTheItemTheDatabaseNamesWithoutHalvingItsChunk() throws Exception {
        Drover bulk = sampleInPostgres("bulk_culprit");
        Tables db = new Tables(bulkTarget.dataSource());
        Tables legacy = new Tables(source.dataSource());
        // given: two customers take the email of a customer with a lower id, one in the same chunk of 100,
        // one far away (a chunk written earlier or later); the target's email is UNIQUE
        legacy.jdbc().update("UPDATE customers SET email = (SELECT email FROM customers WHERE id = 1010) WHERE id = 1030");
        legacy.jdbc().update("UPDATE customers SET email = (SELECT email FROM customers WHERE id = 20) WHERE id = 520");
        int rollbacksBefore = rollbacks(db);

        // when
        Drover.Result result = bulk.run("migrate", "customers", "--all", "--bulk", "--chunk-size=100", "--workers=2");

        // then: the higher id of each pair failed, naming the constraint; the lower ids and their chunks are written
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("1295 migrated, 0 unchanged, 5 failed");
        Map<String, String> statuses = db.statuses(db.latestRunId("customers"));
        assertThat(statuses).containsEntry("1030", "FAILED").containsEntry("1010", "MIGRATED").containsEntry("1031", "MIGRATED");
        assertThat(error(db, "1030")).contains("customer_email_key").contains("already exists");
        // 20 and 520 are in chunks that two workers write in either order: whichever commits second fails
        assertThat(List.of(statuses.get("20"), statuses.get("520"))).containsExactlyInAnyOrder("MIGRATED", "FAILED");
        assertThat(error(db, statuses.get("20").equals("FAILED") ? "20" : "520")).contains("customer_email_key");
        // and: each pair cost its chunk one rolled-back try and its item one, where halving a chunk of 100 down to
        // its bad item rolls back seven tries or more; 1250's own transaction (a NOT NULL) is the fifth
        int rollbacks = settledRollbacks(db) - rollbacksBefore;
        assertThat(rollbacks).isBetween(4, 8);
    }

    /** A PostgreSQL source and target named after the test, holding the sample's tables and its customers. */
    private Drover sampleInPostgres(String name) {
        source = TestDatabase.postgres(name + "_src");
        bulkTarget = TestDatabase.postgres(name + "_tgt");
        Drover bulk = Drover.configure(dir, source, bulkTarget);
        assertThat(bulk.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        return bulk;
    }

    /** Rolled-back transactions once PostgreSQL's statistics have settled: the same count twice, a second apart. */
    private static int settledRollbacks(Tables db) throws InterruptedException {
        int previous = -1;
        for (int tries = 0; tries < 15; tries++) {
            int now = rollbacks(db);
            if (now == previous) {
                return now;
            }
            previous = now;
            Thread.sleep(1000);
        }
        return previous;
    }

    /** Transactions rolled back in the target database so far (PostgreSQL's statistics, flushed as Drover's sessions end). */
    private static int rollbacks(Tables db) {
        return db.count("SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
    }

    private static String error(Tables db, String itemId) {
        return db.jdbc().queryForObject("SELECT error FROM drover.migration_log WHERE item_id = ? ORDER BY log_id DESC LIMIT 1",
                String.class, itemId);
    }
}
