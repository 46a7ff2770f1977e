package io.drover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.sample.SampleData;
import io.drover.testing.Chromium;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover audit` of the sample, PostgreSQL to PostgreSQL: it reports exactly the defects the generator
 * seeded, stores itself in audit_run, writes nothing to the target tables, audits a sample on request,
 * and its HTML page opens in headless Chromium.
 */
class AuditIT {

    private static final int CUSTOMERS = 3100; // six deliberately bad items, two of each kind

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Drover drover;
    static Tables db;

    @BeforeAll
    static void sample() {
        source = TestDatabase.postgres("audit_src");
        target = TestDatabase.postgres("audit_tgt");
        drover = Drover.configure(dir, source, target);
        db = new Tables(target.dataSource());
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void theAuditOfTheSampleReportsExactlyTheDefectsTheGeneratorSeeded() throws Exception {
        Path json = dir.resolve("audit.json");
        Path html = dir.resolve("audit.html");
        SampleData.Defects seeded = SampleData.defects(CUSTOMERS);

        // when
        Drover.Result result = drover.run("audit", "customers", "--key=email", "--json=" + json, "--html=" + html);

        // then: the prediction is the generator's own count, reason by reason, with the very items
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode predicted = report.get("predicted");
        assertThat(predicted.get("migrated").asLong()).isEqualTo(CUSTOMERS - seeded.badItems());
        assertThat(predicted.get("rejected").asLong()).isZero();
        assertThat(predicted.get("failed").asLong()).isEqualTo(seeded.badItems()).isEqualTo(6);
        Map<String, Long> failedByReason = new TreeMap<>();
        Map<String, TreeSet<Integer>> examples = new TreeMap<>();
        for (JsonNode group : predicted.get("failedByReason")) {
            failedByReason.put(group.get("reason").asText(), group.get("items").asLong());
            TreeSet<Integer> ids = new TreeSet<>();
            group.get("exampleItems").forEach(id -> ids.add(id.asInt()));
            examples.put(group.get("reason").asText(), ids);
        }
        String badDate = "column 'created_at' is not a date in the form 'yyyy-MM-dd HH:mm:ss' or 'dd/MM/yyyy'";
        String unknownStatus = "column 'status' must be one of the codes [A, I, S]";
        String nullStreet = "customer_address.street NOT NULL";
        assertThat(failedByReason).isEqualTo(Map.of(badDate, (long) seeded.badDates(), unknownStatus, (long) seeded.unknownStatuses(),
                nullStreet, (long) seeded.itemsWithNullStreet()));
        assertThat(examples).isEqualTo(Map.of(badDate, seededIds("created_at"), unknownStatus, seededIds("status code"),
                nullStreet, seededIds("without street")));

        // and: the profile counts the rows and NULLs the generator made
        JsonNode customers = section(report, "customers");
        JsonNode addresses = section(report, "addresses");
        assertThat(customers.get("rows").asLong()).isEqualTo(CUSTOMERS);
        assertThat(addresses.get("rows").asLong()).isEqualTo(seeded.addresses());
        assertThat(column(addresses, "street").get("nulls").asLong()).isEqualTo(seeded.nullStreets());
        assertThat(column(customers, "phone").get("nulls").asLong()).isEqualTo(seeded.nullPhones());
        assertThat(column(customers, "phone").get("nullRatio").asDouble()).isEqualTo(0.2);
        JsonNode id = column(customers, "id");
        assertThat(List.of(id.get("type").asText(), id.get("min").asText(), id.get("max").asText(), id.get("distinct").asText()))
                .containsExactly("number", "1", String.valueOf(CUSTOMERS), String.valueOf(CUSTOMERS));
        assertThat(column(customers, "status").get("topValues").toString())
                .contains("{\"value\":\"X\",\"count\":" + seeded.unknownStatuses() + "}");
        assertThat(column(customers, "email").get("format").get("name").asText()).isEqualTo("email");
        assertThat(column(customers, "email").get("format").get("share").asDouble()).isEqualTo(1.0);
        assertThat(column(customers, "modified_at").get("type").asText()).isEqualTo("date");
        // phone is declared sensitive in the sample: no value of it is shown
        assertThat(column(customers, "phone").get("masked").asBoolean()).isTrue();
        assertThat(column(customers, "phone").get("min").asText()).isEqualTo("****");
        assertThat(report.toString()).doesNotContain("(555)").doesNotContain("555.");

        // and: no duplicate email, no orphan address, and nothing written to the target tables
        assertThat(report.get("duplicates")).singleElement().satisfies(d -> {
            assertThat(d.get("key").asText()).isEqualTo("email");
            assertThat(d.get("duplicateValues").asLong()).isZero();
        });
        assertThat(report.get("orphans")).singleElement().satisfies(o -> assertThat(o.get("rows").asLong()).isZero());
        assertThat(db.count("SELECT count(*) FROM customer") + db.count("SELECT count(*) FROM customer_address")
                + db.count("SELECT count(*) FROM drover.migration_log") + db.count("SELECT count(*) FROM drover.audit_key")).isZero();

        // and: the audit is stored in the target with its counts and the whole report
        String auditId = report.get("audit").asText();
        Map<String, Object> stored = db.rows("SELECT status, items_audited, sample_size, predicted_migrated, predicted_rejected,"
                + " predicted_failed, report->'predicted'->>'failed' AS report_failed FROM drover.audit_run WHERE audit_id = CAST(? AS uuid)", auditId).get(0);
        assertThat(stored).containsEntry("status", "FINISHED").containsEntry("items_audited", (long) CUSTOMERS)
                .containsEntry("sample_size", null).containsEntry("predicted_migrated", (long) CUSTOMERS - 6)
                .containsEntry("predicted_rejected", 0L).containsEntry("predicted_failed", 6L).containsEntry("report_failed", "6");

        // and: the terminal report says the same
        assertThat(result.out()).contains("customers: " + CUSTOMERS + " items audited")
                .contains("Predicted outcome: " + (CUSTOMERS - 6) + " MIGRATED, 0 REJECTED, 6 FAILED")
                .contains("FAILED        2 x customer_address.street NOT NULL (e.g. 1250, 2750)")
                .contains("Profile of addresses: " + seeded.addresses() + " rows");

        // and: the HTML page draws its chart and shows the numbers in a real browser, offline
        String dom = Chromium.render(html, dir);
        assertThat(dom).contains("data-charts-rendered=\"1\"")
                .contains("data-predicted=\"MIGRATED\">" + (CUSTOMERS - 6) + "<").contains("data-predicted=\"FAILED\">6<")
                .contains("customer_address.street NOT NULL");
        Matcher drawn = Pattern.compile("id=\"predicted-chart\"[^>]*data-rendered=\"(\\d+)\"").matcher(dom);
        assertThat(drawn.find()).as("chart drawn").isTrue();
        assertThat(Integer.parseInt(drawn.group(1))).as("chart image size (a blank canvas is about 1.5 kB)").isGreaterThan(5000);
    }

    @Test
    void aSampleAuditsOnlyTheFirstNItemsAndSaysSo() throws Exception {
        Path json = dir.resolve("sample.json");

        Drover.Result result = drover.run("audit", "customers", "--sample=1000", "--json=" + json);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("scope").toString()).isEqualTo("{\"itemsAudited\":1000,\"sample\":1000,\"complete\":false}");
        SampleData.Defects seeded = SampleData.defects(1000);
        assertThat(report.get("predicted").get("failed").asLong()).isEqualTo(seeded.badItems()).isEqualTo(2);
        assertThat(report.get("predicted").get("migrated").asLong()).isEqualTo(1000 - seeded.badItems());
        assertThat(section(report, "customers").get("rows").asLong()).isEqualTo(1000);
        assertThat(section(report, "addresses").get("rows").asLong()).isEqualTo(seeded.addresses());
        assertThat(result.out()).contains("Auditing customers").contains("the first 1000 items only")
                .contains("1000 items audited").contains("(a sample: the first 1000 ids");
        assertThat(db.rows("SELECT sample_size, items_audited FROM drover.audit_run WHERE audit_id = CAST(? AS uuid)",
                report.get("audit").asText())).containsExactly(Map.of("sample_size", 1000, "items_audited", 1000L));
    }

    @Test
    void badUsageIsRefusedWithExitCodeTwo() {
        assertThat(drover.run("audit", "customers", "--sample=0").exitCode()).isEqualTo(2);
        Drover.Result unknownList = drover.run("audit", "customers", "--key=orders.number");
        assertThat(unknownList.exitCode()).isEqualTo(2);
        assertThat(unknownList.err()).contains("business key 'orders.number' names no child list").contains("[addresses]");
        Drover.Result unknownColumn = drover.run("audit", "customers", "--key=e_mail");
        assertThat(unknownColumn.exitCode()).isEqualTo(2);
        assertThat(unknownColumn.err()).contains("business key 'e_mail': the item query returns no column 'e_mail'");
        assertThat(drover.run("audit", "nosuch").exitCode()).isEqualTo(2);
    }

    private static TreeSet<Integer> seededIds(String description) {
        TreeSet<Integer> ids = new TreeSet<>();
        SampleData.badItems(CUSTOMERS).forEach((itemId, what) -> {
            if (what.contains(description)) {
                ids.add(itemId);
            }
        });
        return ids;
    }

    static JsonNode section(JsonNode report, String name) {
        for (JsonNode section : report.get("profile")) {
            if (section.get("name").asText().equals(name)) {
                return section;
            }
        }
        throw new AssertionError("no profile section " + name + " in " + report.get("profile"));
    }

    static JsonNode column(JsonNode section, String name) {
        for (JsonNode column : section.get("columns")) {
            if (column.get("name").asText().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("no column " + name + " in section " + section.get("name"));
    }
}
