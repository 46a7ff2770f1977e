package io.drover.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules that look beyond one value, MariaDB source to PostgreSQL target: unique across items (the lowest
 * id keeps a value, however many workers race), reference (source and target tables), check beans.
 */
class CrossItemRulesIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;
    Tables legacy;
    Drover drover;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.mariadb("rules_src");
        target = TestDatabase.postgres("rules_tgt");
        db = new Tables(target.dataSource());
        legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY)");
        legacy.jdbc().execute("INSERT INTO countries VALUES ('DE'), ('FR'), ('GB')");
        legacy.jdbc().execute("CREATE TABLE contacts (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(80), country VARCHAR(2))");
        // 40 contacts; contact n and n + 20 share an email, written differently; the lower id should keep it
        for (int id = 1; id <= 40; id++) {
            String email = id <= 20 ? " User" + id % 20 + "@Example.com" : "user" + id % 20 + "@example.COM";
            String name = id == 5 ? "R2D2" : "Contact " + (char) ('A' + id % 26);
            String country = id == 3 ? "xx" : id == 8 ? "gb" : "de";
            legacy.jdbc().update("INSERT INTO contacts VALUES (?, ?, ?, ?)", id, name, email, country);
        }
        target.dataSource();
        db.jdbc().execute("CREATE TABLE contact (id bigint PRIMARY KEY, name text, email text NOT NULL UNIQUE, country char(2))");
        db.jdbc().execute("CREATE TABLE country_ref (code char(2) PRIMARY KEY)");
        db.jdbc().execute("INSERT INTO country_ref VALUES ('DE'), ('FR')");
        drover = Drover.withMigration(dir, source, target, """
                - beans:
                    - name: contactCopy
                      type: "#class:io.drover.pipeline.CopyConverter"
                      properties:
                        table: contact
                    - name: noDigitsInNames
                      type: "#class:io.drover.quality.NoDigitsInNames"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-contacts
                    parameters:
                      - name: migration
                        value: contacts
                      - name: idQuery
                        value: SELECT id FROM contacts
                      - name: itemQuery
                        value: SELECT * FROM contacts WHERE id = :#id
                      - name: converter
                        value: contactCopy
                      - name: targets
                        value: contact key id
                      - name: quality
                        value: |
                          email: email, unique
                          country: upper, reference countries.code, reference target country_ref.code
                          name: check noDigitsInNames
                """);
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    /** Items 3, 5 and 8 break other rules, so they claim nothing and their email partners 23, 25 and 28 keep the value. */
    private static Map<String, String> expectedStatuses() {
        Map<String, String> expected = new TreeMap<>();
        for (int id = 1; id <= 40; id++) {
            boolean ownRules = id == 3 || id == 5 || id == 8;
            boolean partnerWins = id > 20 && !List.of(23, 25, 28).contains(id);
            expected.put(String.valueOf(id), ownRules || partnerWins ? "REJECTED" : "MIGRATED");
        }
        return expected;
    }

    @Test
    void theLowestEligibleIdKeepsAUniqueValueWhateverTheWorkersDo() {
        // when: eight workers race over all items
        Drover.Result first = drover.run("migrate", "contacts", "--all", "--workers=8");

        // then
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        assertThat(first.out()).contains("20 migrated, 0 unchanged, 0 failed, 20 rejected");
        assertThat(new TreeMap<>(db.statuses(db.latestRunId("contacts")))).isEqualTo(expectedStatuses());
        assertThat(error("21")).contains("column 'email' breaks unique (value: 'user1@example.com'; item 1 holds this value)");
        assertThat(error("3")).contains("column 'country' breaks reference countries.code (value: 'XX'; no countries.code in the source has this value)")
                .contains("column 'country' breaks reference target country_ref.code (value: 'XX';");
        assertThat(error("8")).contains("breaks reference target country_ref.code (value: 'GB'; no country_ref.code in the target has this value)")
                .doesNotContain("reference countries.code");
        assertThat(error("5")).contains("column 'name' breaks check noDigitsInNames (value: 'R2D2'; contains digits)");
        assertThat(db.jdbc().queryForList("SELECT id FROM contact ORDER BY id", Long.class))
                .containsExactlyElementsOf(expectedStatuses().entrySet().stream().filter(e -> e.getValue().equals("MIGRATED"))
                        .map(e -> Long.valueOf(e.getKey())).sorted().toList());
        assertThat(db.jdbc().queryForObject("SELECT email FROM contact WHERE id = 23", String.class)).isEqualTo("user3@example.com");
        // values are kept as hashes only
        assertThat(db.count("SELECT count(*) FROM drover.unique_claim WHERE value_hash LIKE '%@%'")).isZero();

        // when: forced again, ids fed highest first
        List<String> reversed = IntStream.rangeClosed(1, 40).map(i -> 41 - i).mapToObj(String::valueOf).toList();
        Drover.Result again = drover.run("migrate", "contacts", "--force", "--workers=8", "--item-id=" + String.join(",", reversed));

        // then: the same outcome, item by item
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(new TreeMap<>(db.statuses(db.latestRunId("contacts")))).isEqualTo(expectedStatuses());
    }

    @Test
    void twoItemsWithTheSameEmailInParallelEndTheSameWayEveryTime() {
        for (int round = 0; round < 3; round++) {
            db.jdbc().update("DELETE FROM contact");
            Drover.Result run = drover.run("migrate", "contacts", "--force", "--workers=2", "--item-id=37,17");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(db.statuses(db.latestRunId("contacts"))).containsExactly(Map.entry("17", "MIGRATED"), Map.entry("37", "REJECTED"));
        }
    }

    @Test
    void retryRejectedTakesAnItemOnceItsDuplicateIsResolved() {
        drover.run("migrate", "contacts", "--all", "--workers=4");
        legacy.jdbc().update("UPDATE contacts SET email = 'someone.else@example.com' WHERE id = 21");

        Drover.Result retry = drover.run("migrate", "contacts", "--retry-rejected");

        // 21 has an email of its own now; 22 still shares one with 2
        assertThat(retry.out()).contains("Registered the unique values of 20 items first");
        Map<String, String> statuses = db.statuses(db.latestRunId("contacts"));
        assertThat(statuses).hasSize(20).containsEntry("21", "MIGRATED").containsEntry("22", "REJECTED");
        assertThat(statuses.values().stream().filter("MIGRATED"::equals).count()).isEqualTo(1);
        assertThat(db.jdbc().queryForObject("SELECT email FROM contact WHERE id = 21", String.class)).isEqualTo("someone.else@example.com");
    }

    @Test
    void aReferenceToATableThatIsNotThereStopsTheRunBeforeAnyItem() {
        db.jdbc().execute("DROP TABLE country_ref");

        Drover.Result result = drover.run("migrate", "contacts", "--item-id=20");

        // then: a configuration error that names the migration, the column and the rule; no item, no run
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("migration 'contacts', quality of 'country': rule 'reference target country_ref.code':"
                + " the target has no column country_ref.code");
        assertThat(db.count("SELECT count(*) FROM drover.migration_run")).isZero();
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isZero();
        assertThat(db.count("SELECT count(*) FROM contact")).isZero();

        // and: the same for a source table, whose column is missing here
        db.jdbc().execute("CREATE TABLE country_ref (code char(2) PRIMARY KEY)");
        legacy.jdbc().execute("ALTER TABLE countries CHANGE code country_code CHAR(2)");
        Drover.Result source = drover.run("migrate", "contacts", "--all");
        assertThat(source.exitCode()).as(source.toString()).isEqualTo(2);
        assertThat(source.err()).contains("rule 'reference countries.code': the source has no column countries.code");
        assertThat(db.count("SELECT count(*) FROM drover.migration_run")).isZero();
    }

    private String error(String itemId) {
        return db.jdbc().queryForObject("SELECT error FROM drover.migration_log WHERE item_id = ? ORDER BY log_id DESC LIMIT 1", String.class, itemId);
    }
}
