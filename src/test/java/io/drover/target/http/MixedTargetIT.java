package io.drover.target.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration with both target tables and an API (a customer written to PostgreSQL, then registered in a
 * CRM): the call comes after the rows' commit; a failed call leaves the item FAILED with its rows written,
 * and --retry-failed sends it again without a new version of its rows (same xmin, no UPDATE trigger fired).
 */
class MixedTargetIT {

    private static final int CUSTOMERS = 12;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static WireMockServer api;
    static Drover drover;
    static Tables db;

    static final String YAML = """
            - beans:
                - name: customerConverter
                  type: "#class:io.drover.sample.CustomerConverter"
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-customers-crm
                parameters:
                  - name: migration
                    value: customers-crm
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: childQueries
                    value: |
                      addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id
                  - name: converter
                    value: customerConverter
                  - name: targets
                    value: |
                      customer key id
                      customer_address key id owner customer_id
                  - name: api
                    value: |
                      url: {{crm.url}}/customers/{id}
                      body: customer
            """;

    @BeforeAll
    static void start() {
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        source = TestDatabase.postgres("mixed_src");
        target = TestDatabase.postgres("mixed_tgt");
        drover = Drover.withMigration(dir, source, target, YAML, Map.of(
                "crm.url", "http://127.0.0.1:" + api.port(),
                "drover.retry.attempts", "3",
                "drover.retry.delay-ms", "50"));
        db = new Tables(target.dataSource());
        Drover.Result init = drover.run("sample", "init", "--customers=" + CUSTOMERS);
        assertThat(init.exitCode()).as(init.toString()).isZero();
        // counts every UPDATE that reaches a customer row: an upsert that changes nothing must not fire it
        db.jdbc().execute("CREATE TABLE customer_updates (n int NOT NULL)");
        db.jdbc().execute("INSERT INTO customer_updates VALUES (0)");
        db.jdbc().execute("CREATE FUNCTION count_customer_update() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$BEGIN UPDATE customer_updates SET n = n + 1; RETURN NEW; END$$");
        db.jdbc().execute("CREATE TRIGGER customer_update_count BEFORE UPDATE ON customer FOR EACH ROW"
                + " EXECUTE FUNCTION count_customer_update()");
    }

    @AfterAll
    static void stop() {
        api.stop();
        source.close();
        target.close();
    }

    @Test
    void theApiIsCalledAfterTheCommitAndRetryFailedDoesNotWriteTheTablesAgain() {
        // given: the CRM takes every customer but 7, for which it keeps answering 503
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200).withBody("{\"stored\":true}")));
        api.stubFor(put(urlEqualTo("/customers/7")).willReturn(aResponse().withStatus(503).withBody("crm down for maintenance")));

        // when
        Drover.Result first = drover.run("migrate", "customers-crm", "--all");

        // then: every customer's rows are written; each item made its requests; 7 is FAILED with what was done
        assertThat(first.exitCode()).as(first.toString()).isNotZero();
        assertThat(first.out()).as(first.toString()).contains((CUSTOMERS - 1) + " migrated, 0 unchanged, 1 failed");
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(*) FROM customer_address WHERE customer_id = 7")).isPositive();
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isEqualTo(CUSTOMERS - 1 + 3);
        String run = db.latestRunId("customers-crm");
        assertThat(db.statuses(run)).containsEntry("7", "FAILED").containsEntry("6", "MIGRATED");
        Map<String, Object> failed = db.rows("SELECT error, rolled_back FROM drover.migration_log WHERE run_id = CAST(? AS uuid)"
                + " AND item_id = '7'", run).get(0);
        assertThat((String) failed.get("error")).contains("tables written, API call failed: the API answered 503 to PUT http://",
                "/customers/7", "crm down for maintenance");
        assertThat(failed.get("rolled_back")).isEqualTo(false);
        assertThat(db.count("SELECT n FROM customer_updates")).isZero();
        Object xmin = xminOf(7);

        // when: the CRM is back, and the failed item is tried again
        api.resetAll();
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        Drover.Result retry = drover.run("migrate", "customers-crm", "--retry-failed");

        // then: 7 is MIGRATED with exactly one more request; its rows are the same row versions as before
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("customers-crm"))).containsExactly(Map.entry("7", "MIGRATED"));
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isEqualTo(1);
        api.verify(1, putRequestedFor(urlEqualTo("/customers/7")));
        assertThat(xminOf(7)).isEqualTo(xmin);
        assertThat(db.count("SELECT n FROM customer_updates")).isZero();

        // when: nothing changed in the source
        api.resetRequests();
        Drover.Result rerun = drover.run("migrate", "customers-crm", "--all");

        // then: no request, no write
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("0 migrated, " + CUSTOMERS + " unchanged");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isZero();
        assertThat(xminOf(7)).isEqualTo(xmin);
    }

    @Test
    void bulkModeIsRefusedBeforeAnyItemForTablesThenAnApi() {
        api.resetRequests();
        Drover.Result bulk = drover.run("migrate", "customers-crm", "--all", "--bulk");

        assertThat(bulk.exitCode()).as(bulk.toString()).isEqualTo(2);
        assertThat(bulk.err()).contains("writes tables and then calls an API for each item: --bulk does not take that yet");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isZero();
    }

    @Test
    void theItemsRowsAreCommittedBeforeItsApiCall() throws Exception {
        // given: customer 3 is not in the target yet, and the CRM takes 3 s to answer for it
        db.jdbc().update("DELETE FROM customer_address WHERE customer_id = 3");
        db.jdbc().update("DELETE FROM customer WHERE id = 3");
        drover.run("forget", "customers-crm", "--item-id=3");
        api.stubFor(put(urlEqualTo("/customers/3")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        java.util.concurrent.CompletableFuture<Drover.Result> migrate = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> drover.run("migrate", "customers-crm", "--item-id=3"));

        // when: the CRM has the request and has not answered yet
        long deadline = System.currentTimeMillis() + 20_000;
        while (api.findAll(putRequestedFor(urlEqualTo("/customers/3"))).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/3")))).hasSize(1);

        // then: another connection already sees the item's rows: the call runs after the commit, outside it
        assertThat(db.count("SELECT count(*) FROM customer WHERE id = 3")).isEqualTo(1);
        Drover.Result result = migrate.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("customers-crm"))).containsExactly(Map.entry("3", "MIGRATED"));
        api.resetAll();
        drover.run("forget", "customers-crm", "--item-id=3"); // the other test counts item 3 among the first run's items
    }

    private static Object xminOf(int customer) {
        return db.rows("SELECT CAST(xmin AS text) AS v FROM customer WHERE id = ?", customer).get(0).get("v");
    }
}
