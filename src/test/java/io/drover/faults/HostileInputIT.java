package io.drover.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source table of hostile values, in PostgreSQL and in MariaDB, copied into a strictly typed target:
 * bad values fail their item with a message naming the item and the column, nothing partial is
 * written, valid oddities (emoji, SQL-looking text) are stored verbatim, and every log row is JSON.
 */
class HostileInputIT {

    private static final String SQL_LOOKING = "'); DROP TABLE customer; --";
    private static final String EMOJI = "\uD83D\uDE00\uD83D\uDE80 ok";
    private static final String TEN_MEGABYTES = "x".repeat(10 * 1024 * 1024);

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void hostileValuesFromPostgres() throws Exception {
        source = TestDatabase.postgres("hostile_pg");
        target = TestDatabase.postgres("hostile_pg_tgt");
        exec(source, "CREATE TABLE hostile (id integer PRIMARY KEY, label varchar(100), body text, doc text,"
                + " amount double precision, big bigint, born date)");
        insertCommonRows();
        insert(9, "nan", "ok", null, Double.NaN, 1L, null);
        insert(10, "infinite", "ok", null, Double.POSITIVE_INFINITY, 1L, null);

        Map<Integer, String> expected = commonExpectations();
        expected.put(9, "column 'amount' cannot be stored in hostile_target.amount of type integer: a text value is not a whole number");
        expected.put(10, "column 'amount' cannot be stored in hostile_target.amount of type integer: a text value is not a whole number");
        migrateAndCheck(expected);
    }

    @Test
    void hostileValuesFromMariaDb() throws Exception {
        source = TestDatabase.mariadb("hostile_maria");
        target = TestDatabase.postgres("hostile_maria_tgt");
        exec(source, "CREATE TABLE hostile (id INT PRIMARY KEY, label VARCHAR(100), body LONGTEXT, doc TEXT,"
                + " amount DOUBLE, big BIGINT, born DATE) DEFAULT CHARSET=utf8mb4");
        exec(source, "SET GLOBAL max_allowed_packet = 67108864");
        insertCommonRows();
        insert(11, "a\u0000b", "ok", null, 1.0, 1L, null);
        try (Connection c = source.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''"); // MariaDB accepts zero dates only outside strict mode
            s.execute("INSERT INTO hostile (id, label, body, born) VALUES (12, 'zero date', 'ok', '0000-00-00')");
        }

        Map<Integer, String> expected = commonExpectations();
        expected.put(11, "column 'label' cannot be stored in hostile_target.label of type text");
        expected.put(12, "column 'born' holds a zero date, which is no date");
        migrateAndCheck(expected);
        // NUL cannot be stored in PostgreSQL text: the log shows it as \0
        assertThat(new Tables(target.dataSource()).jdbc().queryForObject(
                "SELECT source_data->>'label' FROM drover.migration_log WHERE item_id = '11'", String.class)).isEqualTo("a\\0b");
    }

    /** id → the fragment its error must contain, or null for an item that must migrate. */
    private static Map<Integer, String> commonExpectations() {
        Map<Integer, String> expected = new LinkedHashMap<>();
        expected.put(1, null);
        expected.put(2, "null value in column \"label\"");
        expected.put(3, "column 'body' cannot be stored in hostile_target.body of type character varying(1000): value too long");
        expected.put(4, "column 'doc' cannot be stored in hostile_target.doc of type jsonb: invalid input syntax for type json");
        expected.put(5, "column 'big' cannot be stored in hostile_target.big of type integer: an integer value is out of range for integer");
        expected.put(6, "hostile_target_born_check");
        expected.put(7, null);
        expected.put(8, null);
        // spaces past varchar(1000) are cut off by PostgreSQL, not refused: the error names the integer
        expected.put(13, "column 'big' cannot be stored in hostile_target.big of type integer: an integer value is out of range for integer");
        expected.put(14, null);
        return expected;
    }

    private void insertCommonRows() throws Exception {
        insert(1, "plain", "ok", "{\"a\": 1}", 1.0, 1L, java.sql.Date.valueOf("2000-01-01"));
        insert(2, null, "ok", null, 1.0, 1L, null);
        insert(3, "long", TEN_MEGABYTES, null, 1.0, 1L, null);
        insert(4, "bad json", "ok", "{not json", 1.0, 1L, null);
        insert(5, "overflow", "ok", null, 1.0, 99_999_999_999L, null);
        insert(6, "far future", "ok", null, 1.0, 1L, java.sql.Date.valueOf("9999-12-31"));
        insert(7, EMOJI, "ok", "{\"note\": \"" + EMOJI + "\"}", 1.0, 1L, null);
        insert(8, SQL_LOOKING, SQL_LOOKING, null, 1.0, 1L, null);
        insert(13, "padded, overflow", "x" + " ".repeat(1200), null, 1.0, 99_999_999_999L, null);
        insert(14, "padded", "y" + " ".repeat(1200), null, 1.0, 1L, null);
    }

    private void migrateAndCheck(Map<Integer, String> expected) throws Exception {
        exec(target, "CREATE TABLE hostile_target (id bigint PRIMARY KEY, label text NOT NULL, body varchar(1000), doc jsonb,"
                + " amount integer, big integer, born date CHECK (born < '2200-01-01'))");
        exec(target, "CREATE TABLE customer (id bigint PRIMARY KEY)"); // the SQL-looking text must not drop it
        Drover drover = Drover.withMigration(dir, source, target, """
                - beans:
                    - name: hostileCopy
                      type: "#class:io.drover.pipeline.CopyConverter"
                      properties:
                        table: hostile_target
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-hostile
                    parameters:
                      - name: migration
                        value: hostile
                      - name: idQuery
                        value: SELECT id FROM hostile
                      - name: itemQuery
                        value: SELECT * FROM hostile WHERE id = :#id
                      - name: converter
                        value: hostileCopy
                      - name: targets
                        value: hostile_target
                """);

        // when
        Drover.Result result = drover.run("migrate", "hostile", "--all");

        // then: the run ends normally, with exit code 1 for the failed items
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Tables db = new Tables(target.dataSource());
        Map<String, String> statuses = db.statuses(db.latestRunId("hostile"));
        assertThat(statuses).hasSize(expected.size());
        expected.forEach((id, error) -> {
            if (error == null) {
                assertThat(statuses.get(String.valueOf(id))).as("item " + id).isEqualTo("MIGRATED");
            } else {
                assertThat(statuses.get(String.valueOf(id))).as("item " + id).isEqualTo("FAILED");
                String logged = db.jdbc().queryForObject("SELECT error FROM drover.migration_log WHERE item_id = ?", String.class,
                        String.valueOf(id));
                assertThat(logged).as("item " + id).startsWith("Item " + id + " of migration 'hostile' failed").contains(error);
                assertThat(db.count("SELECT count(*) FROM hostile_target WHERE id = ?", id)).as("item " + id).isZero();
            }
        });
        assertThat(db.rows("SELECT label, body FROM hostile_target WHERE id = 8")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("label", SQL_LOOKING).containsEntry("body", SQL_LOOKING));
        assertThat(db.jdbc().queryForObject("SELECT label FROM hostile_target WHERE id = 7", String.class)).isEqualTo(EMOJI);
        assertThat(db.jdbc().queryForObject("SELECT doc->>'note' FROM hostile_target WHERE id = 7", String.class)).isEqualTo(EMOJI);
        assertThat(db.count("SELECT count(*) FROM customer")).isZero();
        // every item has its log row, and every source document stored there is JSON (an item whose
        // source could not even be read, like a zero date, has none)
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(expected.size());
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE source_data IS NOT NULL AND jsonb_typeof(source_data) <> 'object'")).isZero();
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE source_data IS NOT NULL")).isGreaterThanOrEqualTo(expected.size() - 1);
    }

    private void insert(int id, String label, String body, String doc, Double amount, Long big, java.sql.Date born) throws Exception {
        try (Connection c = source.dataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO hostile VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, label);
            insert.setString(3, body);
            insert.setString(4, doc);
            insert.setObject(5, amount);
            insert.setObject(6, big);
            insert.setDate(7, born);
            insert.executeUpdate();
        }
    }

    private static void exec(TestDatabase database, String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
