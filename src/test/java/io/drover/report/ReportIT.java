package io.drover.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.testing.Chromium;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover report`: its numbers equal the database's, and its HTML page draws its charts in a real
 * headless Chromium (Debian's chromium package; .ci/run installs it).
 */
class ReportIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Tables db;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("report_src");
        target = TestDatabase.postgres("report_tgt");
        db = new Tables(target.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void theReportMatchesTheDatabaseAndItsChartsRenderInABrowser() throws Exception {
        Drover drover = Drover.configure(dir, source, target);
        assertThat(drover.run("sample", "init", "--customers=1300").exitCode()).isZero();
        drover.run("migrate", "customers", "--all");
        new Tables(source.dataSource()).jdbc().update("UPDATE customers SET email = 'moved@example.com' WHERE id = 3");
        drover.run("migrate", "customers", "--all");
        String runId = db.latestRunId("customers");
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");

        // when
        Drover.Result result = drover.run("report", "--migration=customers", "--html=" + html, "--json=" + json);

        // then: the numbers are the database's
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Long> expected = new java.util.TreeMap<>();
        db.jdbc().query("SELECT status, count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) GROUP BY status",
                rs -> { expected.put(rs.getString(1), rs.getLong(2)); }, runId);
        assertThat(expected).containsEntry("MIGRATED", 1L).containsEntry("UNCHANGED", 1296L).containsEntry("FAILED", 3L);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("run").get("runId").asText()).isEqualTo(runId);
        expected.forEach((status, count) -> assertThat(report.get("statusCounts").get(status).asLong()).as(status).isEqualTo(count));
        assertThat(report.get("runs")).hasSize(2);
        assertThat(report.get("failures")).hasSize(3);
        assertThat(report.get("failures").toString()).contains("column 'created_at' is not a date").contains("column 'status' must be one of")
                .contains("of relation").contains("violates not-null constraint").doesNotContain("31/02/2019");
        long bucketed = 0;
        for (JsonNode bucket : report.get("throughput")) {
            bucketed += bucket.get("items").asLong();
        }
        assertThat(bucketed).isEqualTo(1300);
        assertThat(result.out()).contains("UNCHANGED      1296").contains("Failures by reason:");

        // and: a run is also named by the short id the log lines print; what is no run id is a usage error
        Drover.Result byShortId = drover.run("report", "--run=" + runId.substring(0, 8));
        assertThat(byShortId.exitCode()).as(byShortId.toString()).isZero();
        assertThat(byShortId.out()).contains("run " + runId + ":").contains("UNCHANGED      1296");
        Drover.Result notAnId = drover.run("report", "--run=last-tuesday");
        assertThat(notAnId.exitCode()).isEqualTo(2);
        assertThat(notAnId.err()).contains("--run takes a run id, whole or its first characters (e.g. a20f6b84); got 'last-tuesday'");

        // and: in a real browser, the three charts are drawn and the tables show the same numbers
        String dom = Chromium.render(html, dir);
        assertThat(dom).contains("data-charts-rendered=\"3\"");
        for (String chart : List.of("status-chart", "throughput-chart", "trend-chart")) {
            Matcher drawn = Pattern.compile("id=\"" + chart + "\"[^>]*data-rendered=\"(\\d+)\"").matcher(dom);
            assertThat(drawn.find()).as(chart + " drawn").isTrue();
            assertThat(Integer.parseInt(drawn.group(1))).as(chart + " image size (a blank canvas is about 1.5 kB)").isGreaterThan(5000);
        }
        expected.forEach((status, count) -> assertThat(dom).contains("data-status=\"" + status + "\">" + count + "<"));
    }

    @Test
    void itemsFailingForOneReasonFormOneGroupWhateverTheirValuesAndEverySliceOfTheRunIsShown() throws Exception {
        TestDatabase legacy = TestDatabase.postgres("report_reasons_src");
        TestDatabase reasons = TestDatabase.postgres("report_reasons_tgt");
        try {
            new Tables(legacy.dataSource()).jdbc().execute("CREATE TABLE labels AS SELECT * FROM (VALUES (1, 'fits', '1'),"
                    + " (2, 'eleven char', '2'), (3, 'thirteen char', '3'), (4, 'twenty characters ok', '4'),"
                    + " (5, 'fine', 'abc'), (6, 'fine', 'xyz')) AS t (id, label, amount)");
            new Tables(reasons.dataSource()).jdbc().execute("CREATE TABLE label_copy (id bigint PRIMARY KEY, label varchar(10), amount integer)");
            Drover drover = Drover.withMigration(dir.resolve("reasons"), legacy, reasons, """
                    - beans:
                        - name: labelCopy
                          type: "#class:io.drover.pipeline.CopyConverter"
                          properties:
                            table: label_copy
                    - templatedRoute:
                        routeTemplateRef: drover-migrate-item
                        routeId: migrate-labels
                        parameters:
                          - name: migration
                            value: labels
                          - name: idQuery
                            value: SELECT id FROM labels
                          - name: itemQuery
                            value: SELECT * FROM labels WHERE id = :#id
                          - name: converter
                            value: labelCopy
                          - name: targets
                            value: label_copy
                    """);
            assertThat(drover.run("migrate", "labels", "--all").exitCode()).isEqualTo(1);

            // when
            Drover.Result result = drover.run("report", "--migration=labels");

            // then: three labels too long by 1, 3 and 10 characters are one reason; two words that are no number another
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Failures by reason:\n"
                    + "       3 x column 'label' cannot be stored in label_copy.label of type character varying(10): value too long (e.g. item 2)\n"
                    + "       2 x column 'amount' cannot be stored in label_copy.amount of type integer:"
                    + " a text value is not a whole number (e.g. item 5)\n");

            // and when: the log says the last item finished two minutes after the run started (a stall before it)
            Tables log = new Tables(reasons.dataSource());
            log.jdbc().update("UPDATE drover.migration_log l SET finished_at = r.started_at + interval '120 seconds'"
                    + " FROM drover.migration_run r WHERE r.run_id = l.run_id AND l.item_id = '6'");
            Path json = dir.resolve("reasons.json");
            assertThat(drover.run("report", "--migration=labels", "--json=" + json).exitCode()).isZero();

            // then: 41 slices of 3 s, the empty ones included, and the last one's rate is its item over its 1 s
            JsonNode throughput = new ObjectMapper().readTree(json.toFile()).get("throughput");
            assertThat(throughput).hasSize(41);
            long items = 0;
            for (JsonNode slice : throughput) {
                items += slice.get("items").asLong();
            }
            assertThat(items).isEqualTo(6);
            assertThat(throughput.get(20).get("second").asLong()).isEqualTo(60);
            assertThat(throughput.get(20).get("items").asLong()).isZero();
            assertThat(throughput.get(40).get("second").asLong()).isEqualTo(120);
            assertThat(throughput.get(40).get("itemsPerSecond").asDouble()).isEqualTo(1.0);
        } finally {
            TestDatabase.closeAll(legacy, reasons);
        }
    }
}
