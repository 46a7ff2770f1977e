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
 * Bulk mode writes through COPY text: every kind of value (escapes, NULL-looking text, emoji, bytea,
 * times in a target session of another time zone, numbers, JSON, arrays that COPY does not take) must
 * arrive exactly as item by item writes it, and every value the target refuses must fail only its item,
 * with the same error.
 */
class BulkCopyValuesIT {

    private static final String COLUMNS = "id integer PRIMARY KEY, label text, body text, doc jsonb, raw bytea,"
            + " at_local timestamp, at_zoned timestamptz, day date, clock time, price numeric(12,3), ratio double precision,"
            + " flag boolean, ref uuid, tags text[], big bigint";

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
    void copyWritesEveryValueAsItemByItemDoes() {
        // given: awkward values, and values the target refuses (too long, bad JSON, overflow, a CHECK)
        source = TestDatabase.postgres("copy_values_src");
        bulkTarget = TestDatabase.postgres("copy_values_bulk");
        itemTarget = TestDatabase.postgres("copy_values_item");
        Tables legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE odd (" + COLUMNS + ")");
        legacy.jdbc().execute("""
                INSERT INTO odd SELECT g, 'row ' || g, E'tab\\there, new\\nline, cr\\r, back\\\\slash, \\\\N, \\\\.',
                  '{"k": "v\\\\t", "n": 1.50}', decode('00ff5c0a09', 'hex'), timestamp '2019-03-31 02:30:00.123456' + g * interval '1 hour',
                  timestamptz '2021-10-31 01:30:00+02' + g * interval '1 minute', date '0001-01-01' + g, time '23:59:59.999999',
                  123456789.125 + g, 1e-300 * g, g % 2 = 0, md5(g::text)::uuid, NULL, 1000 + g
                FROM generate_series(1, 60) g""");
        legacy.jdbc().execute("INSERT INTO odd (id, label, body, flag) VALUES (61, NULL, '\\N', NULL), (62, '', '', true)");
        legacy.jdbc().execute("INSERT INTO odd (id, label, body, doc, ratio) VALUES (63, '\uD83D\uDE00 \u00e9\u4e2d', '''); DROP TABLE odd; --',"
                + " '\"\\\\u00e9 \\\\\\\\ \"', 'NaN'), (64, 'inf', NULL, NULL, '-Infinity')");
        legacy.jdbc().execute("INSERT INTO odd (id, label, tags) VALUES (65, 'array', ARRAY['a', 'b\tc', NULL])"); // no COPY: JDBC
        legacy.jdbc().execute("INSERT INTO odd (id, label) VALUES (66, 'far too long for twenty')");
        legacy.jdbc().execute("INSERT INTO odd (id, label, big) VALUES (67, 'overflow', 9999999999), (68, 'checked', 13)");
        for (TestDatabase target : new TestDatabase[] {bulkTarget, itemTarget}) {
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TABLE odd_copy (" + COLUMNS.replace("big bigint", "big integer CHECK (big <> 13)")
                    .replace("label text", "label varchar(10)") + ")");
            // the session's zone differs from the JVM's: timestamptz values must keep their instant
            db.jdbc().execute("ALTER DATABASE " + target.name() + " SET timezone = 'America/New_York'");
        }
        String migration = """
                - beans:
                    - name: oddCopy
                      type: "#class:io.drover.pipeline.CopyConverter"
                      properties:
                        table: odd_copy
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-odd
                    parameters:
                      - name: migration
                        value: odd
                      - name: idQuery
                        value: SELECT id FROM odd
                      - name: itemQuery
                        value: SELECT * FROM odd WHERE id = :#id
                      - name: converter
                        value: oddCopy
                      - name: targets
                        value: odd_copy
                """;
        Drover bulk = Drover.withMigration(dir.resolve("bulk"), source, bulkTarget, migration);
        Drover perItem = Drover.withMigration(dir.resolve("item"), source, itemTarget, migration);

        // when
        Drover.Result bulkRun = bulk.run("migrate", "odd", "--all", "--bulk", "--chunk-size=16", "--workers=2");
        Drover.Result itemRun = perItem.run("migrate", "odd", "--all", "--workers=2");

        // then: the same outcomes, the refused items failed alone
        assertThat(itemRun.out()).as(itemRun.toString()).contains("65 migrated, 0 unchanged, 3 failed");
        assertThat(bulkRun.out()).as(bulkRun.toString()).contains("65 migrated, 0 unchanged, 3 failed");
        Tables db = new Tables(bulkTarget.dataSource());
        Tables reference = new Tables(itemTarget.dataSource());
        assertThat(db.statuses(db.latestRunId("odd"))).containsEntry("66", "FAILED").containsEntry("67", "FAILED")
                .containsEntry("68", "FAILED").containsEntry("65", "MIGRATED").containsEntry("64", "MIGRATED");
        // and: every value as item by item wrote it, compared as text in one time zone
        String everything = "SELECT id, label, body, doc::text, encode(raw, 'hex') AS raw, at_local::text,"
                + " (at_zoned AT TIME ZONE 'UTC')::text AS at_zoned, day::text, clock::text, price::text, ratio::text,"
                + " flag, ref::text, tags::text, big FROM odd_copy ORDER BY id";
        List<Map<String, Object>> written = db.rows(everything);
        assertThat(written).hasSize(65).isEqualTo(reference.rows(everything));
        assertThat(written.get(0)).containsEntry("body", "tab\there, new\nline, cr\r, back\\slash, \\N, \\.")
                .containsEntry("at_zoned", "2021-10-30 23:31:00")
                // the source's bytes, not the text of their Base64; the time to the microsecond
                .containsEntry("raw", "00ff5c0a09").containsEntry("clock", "23:59:59.999999");
        assertThat(db.rows("SELECT body, label FROM odd_copy WHERE id = 61")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("body", "\\N").containsEntry("label", null));
        // and: the same log (errors included) and states
        String log = "SELECT item_id, status, source_hash, source_data::text, destination_data::text, error FROM drover.migration_log ORDER BY item_id";
        assertThat(db.rows(log)).isEqualTo(reference.rows(log));
        String states = "SELECT item_id, source_hash, last_status, attempts FROM drover.item_state ORDER BY item_id";
        assertThat(db.rows(states)).isEqualTo(reference.rows(states));
    }

    @Test
    void javaValuesOfAConverterArriveAsItemByItemBindsThemWhateverTheColumnType() {
        source = TestDatabase.postgres("copy_typed_src");
        bulkTarget = TestDatabase.postgres("copy_typed_bulk");
        itemTarget = TestDatabase.postgres("copy_typed_item");
        new Tables(source.dataSource()).jdbc().execute("CREATE TABLE typed_src AS SELECT g AS id FROM generate_series(1, 40) g");
        for (TestDatabase target : new TestDatabase[] {bulkTarget, itemTarget}) {
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TABLE typed (id bigint PRIMARY KEY, float_in_float8 double precision, double_in_numeric numeric,"
                    + " double_in_text text, double_in_float8 double precision, offset_in_timestamp timestamp,"
                    + " offset_in_timestamptz timestamptz, boolean_in_text text, local_in_text varchar(40), clock time(3))");
            // a session zone that is neither the JVM's nor the values' offset
            db.jdbc().execute("ALTER DATABASE " + target.name() + " SET timezone = 'America/New_York'");
        }
        String migration = """
                - beans:
                    - name: typedValues
                      type: "#class:io.drover.bulk.TypedValuesConverter"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-typed
                    parameters:
                      - name: migration
                        value: typed
                      - name: idQuery
                        value: SELECT id FROM typed_src
                      - name: itemQuery
                        value: SELECT * FROM typed_src WHERE id = :#id
                      - name: converter
                        value: typedValues
                      - name: targets
                        value: typed
                """;

        Drover.Result bulkRun = Drover.withMigration(dir.resolve("bulk"), source, bulkTarget, migration)
                .run("migrate", "typed", "--all", "--bulk", "--chunk-size=16");
        Drover.Result itemRun = Drover.withMigration(dir.resolve("item"), source, itemTarget, migration).run("migrate", "typed", "--all");

        assertThat(itemRun.exitCode()).as(itemRun.toString()).isZero();
        assertThat(bulkRun.exitCode()).as(bulkRun.toString()).isZero();
        String everything = "SELECT id, float_in_float8::text, double_in_numeric::text, double_in_text, double_in_float8::text,"
                + " offset_in_timestamp::text, (offset_in_timestamptz AT TIME ZONE 'UTC')::text AS offset_in_timestamptz,"
                + " boolean_in_text, local_in_text, clock::text FROM typed ORDER BY id";
        List<Map<String, Object>> written = new Tables(bulkTarget.dataSource()).rows(everything);
        assertThat(written).hasSize(40).isEqualTo(new Tables(itemTarget.dataSource()).rows(everything));
        assertThat(written.get(0)).containsEntry("offset_in_timestamptz", "2020-01-01 08:01:00").containsEntry("clock", "10:15:30.124");
    }
}
