package io.drover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** `drover verify`: MATCH after a clean migration, and each kind of mismatch caught and named. */
class VerifyCommandIT {

    private static final int CUSTOMERS = 200; // no deliberately bad item below id 250

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Drover drover;
    static Tables db;
    static Tables legacy;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("verify_src");
        target = TestDatabase.postgres("verify_tgt");
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
    void migratedSample() {
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        assertThat(drover.run("migrate", "customers", "--all").exitCode()).isZero();
    }

    @Test
    void aCleanMigrationMatchesAndVerifyingWritesNothing() {
        String before = db.checksum("customer") + db.checksum("customer_address");
        int logRows = db.count("SELECT count(*) FROM drover.migration_log");

        Drover.Result result = drover.run("verify", "customers");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(CUSTOMERS + " items checked").contains(CUSTOMERS + " match, 0 missing, 0 different, 0 extra, 0 errors")
                .contains("Rows in the target: customer " + CUSTOMERS);
        assertThat(db.checksum("customer") + db.checksum("customer_address")).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(logRows);
        assertThat(db.rows("SELECT status, checked, matched FROM drover.verification_run ORDER BY started_at DESC LIMIT 1")).singleElement()
                .satisfies(run -> assertThat(run).containsEntry("status", "MATCH").containsEntry("checked", CUSTOMERS)
                        .containsEntry("matched", CUSTOMERS));
    }

    @Test
    void everyKindOfMismatchIsCaughtAndNamed() throws Exception {
        // given: a hand edit in the target, a source change not migrated, a target row deleted,
        // an item deleted from the source, and a child row added by hand
        db.jdbc().update("UPDATE customer SET email = 'hand@edited.example' WHERE id = 5");
        legacy.jdbc().update("UPDATE customers SET status = 'S' WHERE id = 6");
        db.jdbc().update("DELETE FROM customer WHERE id = 7");
        legacy.jdbc().update("DELETE FROM addresses WHERE customer_id = 8");
        legacy.jdbc().update("DELETE FROM customers WHERE id = 8");
        db.jdbc().update("INSERT INTO customer_address (id, customer_id, kind, street, city, country) VALUES (99999, 9, 'home', 'x', 'y', 'DE')");
        Path json = dir.resolve("verify.json");

        // when
        Drover.Result result = drover.run("verify", "customers", "--json=" + json);

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out())
                .contains("item 5: DIFFERENT").containsPattern("email: 'hand@edited.example' -> '[^']+@[^']+'")
                .contains("item 6: DIFFERENT").contains("status: 'active' -> 'suspended'")
                .contains("item 7: MISSING")
                .contains("item 8: EXTRA")
                .contains("item 9: DIFFERENT").contains("delete customer_address [id=99999]")
                .contains("3 different", "1 missing", "1 extra", "0 errors");
        String runId = db.jdbc().queryForObject("SELECT CAST(run_id AS text) FROM drover.verification_run ORDER BY started_at DESC LIMIT 1", String.class);
        Map<String, String> verdicts = new java.util.TreeMap<>();
        db.jdbc().query("SELECT item_id, status FROM drover.verification_result WHERE run_id = CAST(? AS uuid) AND status <> 'MATCH'",
                rs -> { verdicts.put(rs.getString(1), rs.getString(2)); }, runId);
        assertThat(verdicts).containsExactly(Map.entry("5", "DIFFERENT"), Map.entry("6", "DIFFERENT"), Map.entry("7", "MISSING"),
                Map.entry("8", "EXTRA"), Map.entry("9", "DIFFERENT"));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("status").asText()).isEqualTo("MISMATCH");
        assertThat(report.get("counts").get("missing").asInt()).isEqualTo(1);
        assertThat(report.get("counts").get("extra").asInt()).isEqualTo(1);
        assertThat(report.get("mismatches")).hasSize(verdicts.size());
        // verification wrote nothing: the hand edit is still there
        assertThat(db.jdbc().queryForObject("SELECT email FROM customer WHERE id = 5", String.class)).isEqualTo("hand@edited.example");
    }

    @Test
    void aSampleOrGivenItemsAreCheckedAlone() {
        db.jdbc().update("UPDATE customer SET last_name = 'Drifted' WHERE id = 12");

        Drover.Result items = drover.run("verify", "customers", "--item-id=11,12");
        Drover.Result sample = drover.run("verify", "customers", "--sample=25");

        assertThat(items.exitCode()).isEqualTo(1);
        assertThat(items.out()).contains("2 items checked").contains("1 match, 0 missing, 1 different")
                .contains("last_name: 'Drifted' -> ");
        assertThat(sample.out()).contains("25 items checked");
    }

    @Test
    void aVerificationThatBreaksOffIsRecordedFailedNotLeftRunning() {
        // when: its --json file cannot be written
        Drover.Result broken = drover.run("verify", "customers", "--json=" + dir.resolve("no/such/folder/verify.json"));

        // then
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("cannot write").contains("verify.json");
        assertThat(db.jdbc().queryForObject("SELECT status FROM drover.verification_run ORDER BY started_at DESC LIMIT 1", String.class))
                .isEqualTo("FAILED");
    }

    @Test
    void aSampleAndGivenItemsTogetherAreAUsageError() {
        int runsBefore = db.count("SELECT count(*) FROM drover.verification_run");

        Drover.Result both = drover.run("verify", "customers", "--sample=5", "--item-id=11");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--sample").contains("--item-id").contains("mutually exclusive");
        assertThat(db.count("SELECT count(*) FROM drover.verification_run")).isEqualTo(runsBefore);
    }

    @Test
    void aHugeChangedValueIsShownAndStoredCutWithItsLengthAndHash() {
        // given: a 10 MB street changed in the source after the migration
        legacy.jdbc().update("ALTER TABLE addresses ALTER COLUMN street TYPE text");
        legacy.jdbc().update("UPDATE addresses SET street = repeat('x', 10000000) WHERE id = (SELECT min(id) FROM addresses WHERE customer_id = 8)");

        // when
        Drover.Result dryRun = drover.run("migrate", "customers", "--item-id=8", "--dry-run");
        Drover.Result verify = drover.run("verify", "customers", "--item-id=8");

        // then: each diff names the change with the value cut, its full length and a hash; nothing near 10 MB
        String cut = "… (10000000 characters, sha256 ";
        assertThat(dryRun.out()).contains("street: ").contains(cut).hasSizeLessThan(10_000);
        assertThat(verify.out()).contains(cut).hasSizeLessThan(10_000);
        assertThat(db.count("SELECT max(octet_length(diff::text)) FROM drover.migration_log WHERE item_id = '8' AND status = 'DRY_RUN'"))
                .isBetween(1, 10_000);
        assertThat(db.count("SELECT max(octet_length(differences::text)) FROM drover.verification_result WHERE item_id = '8'"))
                .isBetween(1, 10_000);
    }
}
