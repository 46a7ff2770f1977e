package io.drover.faults;

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
 * Binary and time values from MariaDB arrive exactly, item by item and in bulk: a BLOB's bytes in a
 * bytea column (its Base64 in a text column and in the log), a TIME(6) to the microsecond, a TIME that
 * is a duration as MariaDB prints it; and a rerun finds every item unchanged (the values hash the same
 * at every read).
 */
class BinaryAndTimeValuesIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase itemTarget;
    TestDatabase bulkTarget;

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, itemTarget, bulkTarget);
    }

    @Test
    void blobsAndTimesFromMariaDbMigrateExactlyAndRerunUnchanged() {
        // given
        source = TestDatabase.mariadb("binary_time_src");
        itemTarget = TestDatabase.postgres("binary_time_item");
        bulkTarget = TestDatabase.postgres("binary_time_bulk");
        Tables legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE blobs (id INT PRIMARY KEY, raw BLOB, raw_text BLOB, clock TIME(6), span TIME)");
        legacy.jdbc().execute("INSERT INTO blobs VALUES (1, UNHEX('00FF5C0A09'), UNHEX('00FF5C0A09'), '23:59:59.999999', '-838:59:59'),"
                + " (2, '', NULL, '00:00:00.000001', '12:00:00'), (3, NULL, 'text', NULL, NULL)");
        String migration = """
                - beans:
                    - name: blobCopy
                      type: "#class:io.drover.pipeline.CopyConverter"
                      properties:
                        table: blob_copy
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-blobs
                    parameters:
                      - name: migration
                        value: blobs
                      - name: idQuery
                        value: SELECT id FROM blobs
                      - name: itemQuery
                        value: SELECT * FROM blobs WHERE id = :#id
                      - name: converter
                        value: blobCopy
                      - name: targets
                        value: blob_copy
                """;
        for (TestDatabase target : new TestDatabase[] {itemTarget, bulkTarget}) {
            new Tables(target.dataSource()).jdbc().execute(
                    "CREATE TABLE blob_copy (id integer PRIMARY KEY, raw bytea, raw_text text, clock time, span text)");
        }
        Drover perItem = Drover.withMigration(dir.resolve("item"), source, itemTarget, migration);
        Drover bulk = Drover.withMigration(dir.resolve("bulk"), source, bulkTarget, migration);

        // when
        Drover.Result itemRun = perItem.run("migrate", "blobs", "--all");
        Drover.Result bulkRun = bulk.run("migrate", "blobs", "--all", "--bulk");

        // then
        assertThat(itemRun.out()).as(itemRun.toString()).contains("3 migrated, 0 unchanged, 0 failed");
        assertThat(bulkRun.out()).as(bulkRun.toString()).contains("3 migrated, 0 unchanged, 0 failed");
        String written = "SELECT id, encode(raw, 'hex') AS raw, raw_text, clock::text AS clock, span FROM blob_copy ORDER BY id";
        for (TestDatabase target : new TestDatabase[] {itemTarget, bulkTarget}) {
            Tables db = new Tables(target.dataSource());
            List<Map<String, Object>> rows = db.rows(written);
            assertThat(rows.get(0)).containsEntry("raw", "00ff5c0a09").containsEntry("raw_text", "AP9cCgk=")
                    .containsEntry("clock", "23:59:59.999999").containsEntry("span", "-838:59:59");
            assertThat(rows.get(1)).containsEntry("raw", "").containsEntry("raw_text", null)
                    .containsEntry("clock", "00:00:00.000001")
                    .containsEntry("span", "12:00"); // a time of day, in a text column: its ISO-8601 text
            assertThat(rows.get(2)).containsEntry("raw", null).containsEntry("raw_text", "dGV4dA==").containsEntry("clock", null);
            assertThat(db.jdbc().queryForObject("SELECT source_data->>'raw' FROM drover.migration_log WHERE item_id = '1'", String.class))
                    .isEqualTo("AP9cCgk=");
        }
        assertThat(new Tables(bulkTarget.dataSource()).rows(written)).isEqualTo(new Tables(itemTarget.dataSource()).rows(written));

        // and: a rerun in either mode changes nothing
        assertThat(perItem.run("migrate", "blobs", "--all", "--bulk").out()).contains("0 migrated, 3 unchanged, 0 failed");
        assertThat(bulk.run("migrate", "blobs", "--all").out()).contains("0 migrated, 3 unchanged, 0 failed");
    }
}
