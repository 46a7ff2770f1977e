package io.drover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover audit` of a sample spoiled on purpose, MariaDB source to PostgreSQL target: duplicate emails
 * (by the migration's unique rule) and orphan addresses are counted exactly, and the predicted outcome is
 * the outcome of the real run that follows, item for item.
 */
class AuditSpoiledSourceIT {

    private static final int CUSTOMERS = 1600; // three bad items, one of each kind; the real run takes a while

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Drover drover;
    Tables db;

    @BeforeEach
    void spoiledSample() {
        source = TestDatabase.mariadb("audit_spoiled_src");
        target = TestDatabase.postgres("audit_spoiled_tgt");
        db = new Tables(target.dataSource());
        drover = Drover.withMigration(dir, source, target, """
                - beans:
                    - name: customerConverter
                      type: "#class:io.drover.sample.CustomerConverter"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-checked
                    parameters:
                      - name: migration
                        value: checked
                      - name: idQuery
                        value: SELECT id FROM customers
                      - name: itemQuery
                        value: SELECT * FROM customers WHERE id = :#id
                      - name: childQueries
                        value: "addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id"
                      - name: converter
                        value: customerConverter
                      - name: targets
                        value: |
                          customer key id
                          customer_address key id owner customer_id
                      - name: sensitiveColumns
                        value: phone
                      - name: quality
                        value: |
                          email: email, unique
                """);
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void duplicatesAndOrphansAreCountedExactlyAndThePredictionIsWhatTheRunThenDoes() throws Exception {
        SampleData.Spoiled spoiled = SampleData.spoilForAudit(source.dataSource(), CUSTOMERS);
        SampleData.Defects seeded = SampleData.defects(CUSTOMERS);
        Path json = dir.resolve("audit.json");

        // when
        Drover.Result audit = drover.run("audit", "checked", "--json=" + json);

        // then: every spoiled email is found, once cleansed, with the two customers that hold it
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode emails = report.get("duplicates").get(0);
        assertThat(emails.get("key").asText()).isEqualTo("email");
        assertThat(emails.get("declaredBy").asText()).isEqualTo("unique rule");
        assertThat(emails.get("duplicateValues").asLong()).isEqualTo(spoiled.duplicatedEmails()).isEqualTo(CUSTOMERS / 100);
        assertThat(emails.get("itemsInvolved").asLong()).isEqualTo(spoiled.customersInvolved());
        assertThat(emails.get("examples")).hasSize(10);
        JsonNode first = emails.get("examples").get(0);
        String email99 = new Tables(source.dataSource()).jdbc().queryForObject("SELECT email FROM customers WHERE id = 99", String.class);
        assertThat(first.get("value").asText()).isEqualTo(email99.trim().toLowerCase(java.util.Locale.ROOT));
        assertThat(first.get("items").asLong()).isEqualTo(2);
        assertThat(first.get("itemIds").toString()).isEqualTo("[\"99\",\"100\"]");

        // and: every orphan address, with the customers it points to
        JsonNode orphans = report.get("orphans").get(0);
        assertThat(orphans.get("child").asText()).isEqualTo("addresses");
        assertThat(orphans.get("parentKey").asText()).isEqualTo("customer_id");
        assertThat(orphans.get("rows").asLong()).isEqualTo(spoiled.orphanAddresses()).isEqualTo(2);
        assertThat(orphans.get("parents").asLong()).isEqualTo(spoiled.orphanParents().size());
        List<Integer> parents = new ArrayList<>();
        orphans.get("exampleParentKeys").forEach(k -> parents.add(k.asInt()));
        assertThat(parents).isEqualTo(spoiled.orphanParents());
        // orphans are not part of any item, so the profile still holds the sample's own addresses
        assertThat(AuditIT.section(report, "addresses").get("rows").asLong()).isEqualTo(seeded.addresses());

        // and: the later holder of each email is predicted REJECTED by the unique rule
        JsonNode predicted = report.get("predicted");
        assertThat(predicted.get("rejected").asLong()).isEqualTo(spoiled.duplicatedEmails());
        assertThat(predicted.get("failed").asLong()).isEqualTo(seeded.badItems());
        assertThat(predicted.get("migrated").asLong()).isEqualTo(CUSTOMERS - seeded.badItems() - spoiled.duplicatedEmails());
        assertThat(predicted.get("rejectedByRule")).singleElement().satisfies(rule -> {
            assertThat(rule.get("column").asText()).isEqualTo("email");
            assertThat(rule.get("rule").asText()).isEqualTo("unique");
            assertThat(rule.get("exampleItems").toString()).isEqualTo("[\"100\",\"200\",\"300\",\"400\",\"500\"]");
        });
        assertThat(audit.out()).contains("email (unique rule): " + spoiled.duplicatedEmails() + " values held by more than one item")
                .contains("addresses: 2 rows whose customer_id is no item id (1 distinct, e.g. 2601)");

        // when: the migration then really runs
        Drover.Result run = drover.run("migrate", "checked", "--all");

        // then: each outcome is as predicted
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        Map<String, Long> actual = new TreeMap<>();
        db.jdbc().query("SELECT status, count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) GROUP BY status",
                rs -> { actual.put(rs.getString(1), rs.getLong(2)); }, db.latestRunId("checked"));
        assertThat(actual).isEqualTo(Map.of("MIGRATED", predicted.get("migrated").asLong(),
                "REJECTED", predicted.get("rejected").asLong(), "FAILED", predicted.get("failed").asLong()));
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE status = 'REJECTED' AND CAST(item_id AS integer) % 100 <> 0")).isZero();
    }
}
