package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords never appear in console output, logs, the migration log or error messages; values of
 * sensitive columns are masked. The test servers trust local connections, so a recognizable password
 * can be configured and then searched for everywhere.
 */
class SecretsIT {

    private static final String PASSWORD = "Dr0ver-S3cret-Pw";

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Tables db;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("secrets_src");
        target = TestDatabase.postgres("secrets_tgt");
        db = new Tables(target.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void aPasswordAppearsNowhereAndSensitiveValuesAreMasked() throws Exception {
        Drover drover = Drover.configure(dir.resolve("run"), source.url(), source.user(), PASSWORD,
                target.url() + "?password=" + PASSWORD, target.user(), PASSWORD, Map.of("drover.retry.attempts", "1"));
        assertThat(Drover.waitFor(drover.start(dir, "init", "sample", "init", "--customers=800"), 120)).isZero();
        // customer 41 gets a phone that cannot be read: its error must not show the phone
        new Tables(source.dataSource()).jdbc().update("UPDATE customers SET phone = 'call 555 0199 after 6' WHERE id = 41");
        // customers 42 and 43 share an email: one of them breaks the target's unique index on email
        new Tables(source.dataSource()).jdbc().update("UPDATE customers SET email = 'twice.0042@example.com' WHERE id IN (42, 43)");

        // when: a run with failures, a dry run, and a failing start with the password in the URL
        int run = Drover.waitFor(drover.start(dir, "migrate", "migrate", "customers", "--all"), 120);
        int dryRun = Drover.waitFor(drover.start(dir, "dryrun", "migrate", "customers", "--dry-run", "--item-id=3,41"), 120);
        Drover broken = Drover.configure(dir.resolve("broken"), "jdbc:postgresql://127.0.0.1:9/x?password=" + PASSWORD,
                source.user(), PASSWORD, target.url(), target.user(), PASSWORD, Map.of());
        int refused = Drover.waitFor(broken.start(dir, "broken", "migrate", "customers", "--all"), 60);

        // then: the runs did what they should
        assertThat(run).isEqualTo(1);
        assertThat(dryRun).isEqualTo(1);
        assertThat(refused).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("broken.err"))).contains("jdbc:postgresql://127.0.0.1:9/x?password=****");

        // and: no output holds the password
        for (String output : List.of("init", "migrate", "dryrun", "broken")) {
            assertThat(Files.readString(dir.resolve(output + ".out"))).as(output + ".out").doesNotContain(PASSWORD);
            assertThat(Files.readString(dir.resolve(output + ".err"))).as(output + ".err").doesNotContain(PASSWORD);
        }
        // and: no table in the target holds it, in any column
        List<Map<String, Object>> tables = db.rows("SELECT table_schema, table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('public', 'drover')");
        assertThat(tables).extracting(t -> t.get("table_schema") + "." + t.get("table_name")).contains("drover.migration_log");
        for (Map<String, Object> table : tables) {
            String name = "\"" + table.get("table_schema") + "\".\"" + table.get("table_name") + "\"";
            assertThat(db.count("SELECT count(*) FROM " + name + " t WHERE t::text LIKE ?", "%" + PASSWORD + "%"))
                    .as("table " + name).isZero();
        }

        // and: the sensitive column is masked in the log's JSON, in the dry run's diff and in the error
        assertThat(db.jdbc().queryForObject("SELECT source_data->>'phone' FROM drover.migration_log WHERE item_id = '1' AND status = 'MIGRATED'",
                String.class)).isEqualTo("****");
        assertThat(db.jdbc().queryForObject("SELECT destination_data->'customer'->0->>'phone' FROM drover.migration_log WHERE item_id = '1'"
                + " AND status = 'MIGRATED'", String.class)).isEqualTo("****");
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE source_data->>'phone' <> '****'"
                + " OR destination_data->'customer'->0->>'phone' <> '****'")).isZero();
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE source_data->>'phone' = '****'")).isGreaterThan(500);
        String error = db.jdbc().queryForObject("SELECT error FROM drover.migration_log WHERE item_id = '41' AND status = 'FAILED' LIMIT 1", String.class);
        assertThat(error).contains("column 'phone'").contains("(value: ****)").doesNotContain("0199");
        // a key violation still names its column, not its value (the database's Detail line quotes both)
        String duplicate = db.jdbc().queryForObject("SELECT error FROM drover.migration_log WHERE item_id IN ('42', '43')"
                + " AND status = 'FAILED' LIMIT 1", String.class);
        assertThat(duplicate).contains("duplicate key value violates unique constraint")
                .contains("Detail: Key (email)=(****) already exists.").doesNotContain("twice.0042");
        assertThat(Files.readString(dir.resolve("migrate.out")) + Files.readString(dir.resolve("migrate.err"))
                + Files.readString(dir.resolve("dryrun.out"))).doesNotContain("0199");
        // the target itself holds the real value
        assertThat(db.jdbc().queryForObject("SELECT phone FROM customer WHERE id = 1", String.class)).startsWith("+1555");
    }
}
