package io.drover.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.cli.DroverRuntime;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declared cleansing and quality rules: values cleansed, rule breakers REJECTED with every broken rule, warnings logged. */
class QualityIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;
    Tables legacy;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("quality_src");
        target = TestDatabase.postgres("quality_tgt");
        db = new Tables(target.dataSource());
        legacy = new Tables(source.dataSource());
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    private Drover withMigration(String yaml) {
        return Drover.withMigration(dir, source, target, yaml);
    }

    @Test
    void cleansingStepsRewriteValuesBeforeTheyAreWritten() throws Exception {
        legacy.jdbc().execute("CREATE TABLE contacts (id int PRIMARY KEY, name text, email text, phone text, status text, country text)");
        legacy.jdbc().update("INSERT INTO contacts VALUES (1, '  Ada    Lovelace ', ' Ada.Lovelace@Example.COM ', '030 1234567', 'a', 'de')");
        legacy.jdbc().update("INSERT INTO contacts VALUES (2, 'Alan Turing', 'alan@example.org', '+49 (0)30 7654321', 'S', NULL)");
        db.jdbc().execute("CREATE TABLE contact (id bigint PRIMARY KEY, name text, email text, phone text, status text, country text)");
        Drover drover = withMigration(migration("contacts", "contactCopy", "contact", """
                        name: collapse, required
                        email: email, format email
                        phone: phone DE, format phone
                        status: upper, map A=active I=inactive S=suspended, allowed active inactive suspended
                        country: upper, default DE
                """) + """
                - beans:
                    - name: contactCopy
                      type: "#class:io.drover.pipeline.CopyConverter"
                      properties:
                        table: contact
                """);

        Drover.Result result = drover.run("migrate", "contacts", "--all");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.rows("SELECT * FROM contact ORDER BY id")).containsExactly(
                Map.of("id", 1L, "name", "Ada Lovelace", "email", "ada.lovelace@example.com", "phone", "+49301234567",
                        "status", "active", "country", "DE"),
                Map.of("id", 2L, "name", "Alan Turing", "email", "alan@example.org", "phone", "+49307654321",
                        "status", "suspended", "country", "DE"));
    }

    @Test
    void ruleBreakersAreRejectedWithEveryBrokenRuleWarningsAreLoggedAndRetryRejectedTakesThem() throws Exception {
        Drover drover = withMigration(migration("checked", "customerConverter", "customer key id\ncustomer_address key id owner customer_id", """
                        full_name: collapse, required, maxLength 200
                        email: email, required, format email
                        phone: phone US, warn format phone
                        status: trim, upper, allowed A I S
                        addresses.street: required
                """) + """
                - beans:
                    - name: customerConverter
                      type: "#class:io.drover.sample.CustomerConverter"
                """);
        Drover.Result init = drover.run("sample", "init", "--customers=1300");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        // item 10 breaks two rules at once
        legacy.jdbc().update("UPDATE customers SET full_name = NULL, email = 'not-an-email' WHERE id = 10");

        // when
        Drover.Result first = drover.run("migrate", "checked", "--all");

        // then: 750 (status X), 1250 (address without street) and 10 are rejected; 250 still fails in the converter
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.out()).contains("1296 migrated, 0 unchanged, 1 failed, 3 rejected").contains("--retry-rejected");
        String runId = db.latestRunId("checked");
        assertThat(db.statuses(runId)).containsEntry("10", "REJECTED").containsEntry("750", "REJECTED")
                .containsEntry("1250", "REJECTED").containsEntry("250", "FAILED");
        assertThat(error("10")).startsWith("Item 10 of migration 'checked' was rejected by its quality rules, nothing of it was written:")
                .contains("column 'full_name' breaks required (value: NULL)")
                .contains("column 'email' breaks format email (value: 'not-an-email')");
        assertThat(error("750")).contains("column 'status' breaks allowed A I S (value: 'X')");
        assertThat(error("1250")).contains("column 'addresses[0].street' breaks required (value: NULL)");
        assertThat(db.count("SELECT count(*) FROM customer WHERE id IN (10, 750, 1250)")).isZero();
        assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id IN (10, 750, 1250)")).isZero();
        // warnings: the sample's fictional 555 numbers are no valid US numbers, yet their items are written
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) AND status = 'MIGRATED'"
                + " AND violations::text LIKE '%WARNING%'", runId)).isGreaterThan(500);
        assertThat(db.count("SELECT count(*) FROM customer WHERE id = 1")).isEqualTo(1);
        assertThat(db.rows("SELECT column_name, rule, level, items FROM drover.quality_result WHERE run_id = CAST(? AS uuid)"
                + " AND level = 'ERROR' ORDER BY column_name, rule", runId))
                .extracting(r -> r.get("column_name") + "|" + r.get("rule") + "|" + r.get("items"))
                .containsExactly("addresses.street|required|1", "email|format email|1", "full_name|required|1", "status|allowed A I S|1");

        // and: the run's report groups the rejects by rule
        Drover.Result report = drover.run("report", "--run=" + runId);
        assertThat(report.out()).containsPattern("REJECTED +3\\n").contains("Quality rules broken:")
                .contains("1 x status: allowed A I S (ERROR)").containsPattern("\\d+ x phone: format phone \\(WARNING\\)");

        // when: the source is fixed and only the rejected items are run again
        legacy.jdbc().update("UPDATE customers SET full_name = 'Grace Hopper', email = 'grace@example.com' WHERE id = 10");
        legacy.jdbc().update("UPDATE customers SET status = 'I' WHERE id = 750");
        legacy.jdbc().update("UPDATE addresses SET street = '1 Mended Street' WHERE customer_id = 1250");
        Drover.Result retry = drover.run("migrate", "checked", "--retry-rejected");

        // then
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("checked"))).containsExactly(Map.entry("10", "MIGRATED"), Map.entry("1250", "MIGRATED"),
                Map.entry("750", "MIGRATED"));
    }

    @Test
    void anInboxFileWithARejectedItemMovesToErrorWithTheBrokenRuleInItsSummary() throws Exception {
        Path inbox = dir.resolve("inbox");
        Drover drover = withMigration(migration("checked", "customerConverter", "customer key id\ncustomer_address key id owner customer_id", """
                        status: trim, upper, allowed A I S
                """) + """
                - beans:
                    - name: customerConverter
                      type: "#class:io.drover.sample.CustomerConverter"
                - templatedRoute:
                    routeTemplateRef: drover-file-inbox
                    parameters:
                      - name: migration
                        value: checked
                      - name: directory
                        value: "%s"
                """.formatted(inbox));
        assertThat(drover.run("sample", "init", "--customers=800").exitCode()).isZero();

        try (DroverRuntime runtime = DroverRuntime.start(drover.config(), Map.of("drover.triggers.enabled", "true", "drover.arguments", "run"))) {
            // when: a file holds a good item and one whose status X breaks the rule
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("ids.txt"), "1\n750\n");

            // then: not every item succeeded, so the file goes to error/ (as the run's exit code would be 1)
            await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(inbox.resolve("error/ids.txt")));
            assertThat(inbox.resolve("done/ids.txt")).doesNotExist();
            assertThat(Files.readString(inbox.resolve("error/ids.txt.summary.txt")))
                    .contains("items: 2, migrated: 1, unchanged: 0, failed: 0, rejected: 1")
                    .contains("rejected items:\n  750: Item 750 of migration 'checked' was rejected by its quality rules")
                    .contains("column 'status' breaks allowed A I S (value: 'X')");
            assertThat(db.rows("SELECT id FROM customer ORDER BY id")).extracting(r -> ((Number) r.get("id")).intValue())
                    .containsExactly(1);
        }
    }

    private String error(String itemId) {
        return db.jdbc().queryForObject("SELECT error FROM drover.migration_log WHERE item_id = ? ORDER BY log_id DESC LIMIT 1", String.class, itemId);
    }

    private static String migration(String name, String converter, String targets, String quality) {
        return """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-%1$s
                    parameters:
                      - name: migration
                        value: %1$s
                      - name: idQuery
                        value: SELECT id FROM %2$s
                      - name: itemQuery
                        value: SELECT * FROM %2$s WHERE id = :#id
                      - name: childQueries
                        value: "%3$s"
                      - name: converter
                        value: %4$s
                      - name: targets
                        value: |
                %5$s      - name: quality
                        value: |
                %6$s""".formatted(name, name.equals("contacts") ? "contacts" : "customers",
                name.equals("contacts") ? " " : "addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id",
                converter, targets.indent(10), quality.indent(10));
    }
}
