package io.drover.target.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP API as a migration's target, against a real HTTP server on 127.0.0.1 (WireMock): the sample's
 * customers from PostgreSQL PUT (or POSTed) one request per item; 2xx, 4xx, 429 with Retry-After and 503
 * bursts; unchanged items make no call; a dry run calls nothing; the bearer token never shows.
 */
class HttpTargetIT {

    private static final int CUSTOMERS = 30;
    private static final String TOKEN = "tok-3f9a1c7e5b2d8h4k";

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static WireMockServer api;
    static Drover drover;
    static Tables db;
    static Tables legacy;
    /** Every command's output, to check that the token shows in none. */
    static final List<Drover.Result> results = new ArrayList<>();

    static final String YAML = """
            - beans:
                - name: customerConverter
                  type: "#class:io.drover.sample.CustomerConverter"
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-crm
                parameters:
                  - name: migration
                    value: crm
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: childQueries
                    value: |
                      addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id
                  - name: converter
                    value: customerConverter
                  - name: sensitiveColumns
                    value: phone
                  - name: api
                    value: |
                      url: {{crm.url}}/customers/{id}
                      header X-Source: drover
                      auth: bearer crm.token
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-crm-post
                parameters:
                  - name: migration
                    value: crm-post
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: converter
                    value: customerConverter
                  - name: api
                    value: |
                      method: POST
                      url: {{crm.url}}/contacts
                      auth: bearer crm.token
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-crm-post-readable
                parameters:
                  - name: migration
                    value: crm-post-readable
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: converter
                    value: customerConverter
                  - name: api
                    value: |
                      method: POST
                      url: {{crm.url}}/contacts
                      read-url: {{crm.url}}/contacts/by-ref/{itemId}
                      auth: bearer crm.token
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-crm-mapped
                parameters:
                  - name: migration
                    value: crm-mapped
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: childQueries
                    value: |
                      addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id
                  - name: mapping
                    value: |
                      contact: auto
                      contact.-phone
                      contact.email <- email | upper
                      contact.source <- 'legacy'
                      contact.label <- sql: full_name || ' n' || id
                      addresses from addresses: none
                      addresses.city <- city
                      addresses.zip <- zip
                  - name: api
                    value: |
                      url: {{crm.url}}/contacts/{id}
                      auth: bearer crm.token
            """;

    @BeforeAll
    static void start() {
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        source = TestDatabase.postgres("http_src");
        target = TestDatabase.postgres("http_tgt");
        drover = Drover.withMigration(dir, source, target, YAML, Map.of(
                "crm.url", "http://127.0.0.1:" + api.port(),
                "crm.token", TOKEN,
                "drover.retry.attempts", "4",
                "drover.retry.delay-ms", "100"));
        db = new Tables(target.dataSource());
        legacy = new Tables(source.dataSource());
        run("sample", "init", "--customers=" + CUSTOMERS);
    }

    @AfterAll
    static void stop() {
        api.stop();
        source.close();
        target.close();
    }

    @BeforeEach
    void freshApiAndLog() {
        api.resetAll();
        String all = IntStream.rangeClosed(1, CUSTOMERS).mapToObj(String::valueOf).collect(Collectors.joining(","));
        run("forget", "crm", "--item-id=" + all);
        run("forget", "crm-post", "--item-id=" + all);
    }

    @Test
    void everyItemIsPutOnceAndAnUnchangedRerunMakesNoCall() {
        // given
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200).withBody("{\"stored\":true}")));

        // when
        Drover.Result first = run("migrate", "crm", "--all");

        // then: one PUT per customer, to its own URL, with the token, the declared header and the JSON body
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains(CUSTOMERS + " migrated, 0 unchanged, 0 failed");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isEqualTo(CUSTOMERS);
        api.verify(1, putRequestedFor(urlEqualTo("/customers/7"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-Source", equalTo("drover"))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(matchingJsonPath("$.id", equalTo("7")))
                .withRequestBody(matchingJsonPath("$.customer_address[0].customer_id", equalTo("7"))));
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/7"))).get(0).getHeader("DroverRunId")).isNull();
        // the log keeps the request (phone masked) and the API's status and body
        Map<String, Object> row = db.rows("SELECT status, CAST(destination_data AS text) AS data FROM drover.migration_log"
                + " WHERE run_id = CAST(? AS uuid) AND item_id = '7'", db.latestRunId("crm")).get(0);
        assertThat(row.get("status")).isEqualTo("MIGRATED");
        assertThat((String) row.get("data")).contains("\"status\": 200", "{\\\"stored\\\":true}", "\"phone\": \"****\"",
                "/customers/7", "\"Authorization\": \"****\"");

        // when: nothing changed in the source
        api.resetRequests();
        Drover.Result second = run("migrate", "crm", "--all");

        // then: no call at all
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("0 migrated, " + CUSTOMERS + " unchanged");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isZero();

        // when: one customer changes
        legacy.jdbc().update("UPDATE customers SET email = 'changed@example.com' WHERE id = 12");
        Drover.Result third = run("migrate", "crm", "--all");

        // then: exactly that one is sent again
        assertThat(third.out()).contains("1 migrated, " + (CUSTOMERS - 1) + " unchanged");
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl).containsExactly("/customers/12");
        legacy.jdbc().update("UPDATE customers SET email = 'c12@example.com' WHERE id = 12");
    }

    @Test
    void theMappingConverterBuildsTheBodyOfAnApiMigration() throws Exception {
        // given: a migration with no converter bean: its mapping names the body row and the list sent in it
        api.stubFor(put(urlMatching("/contacts/\\d+")).willReturn(aResponse().withStatus(204)));
        int id = legacy.count("SELECT customer_id FROM addresses GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1");
        Map<String, Object> customer = legacy.rows("SELECT full_name, email FROM customers WHERE id = ?", id).get(0);
        int addresses = legacy.count("SELECT count(*) FROM addresses WHERE customer_id = ?", id);

        // when
        Drover.Result result = run("migrate", "crm-mapped", "--item-id=" + id);

        // then: the body holds the source's columns as auto maps them, the mapped fields, and the addresses
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<LoggedRequest> requests = api.findAll(putRequestedFor(urlEqualTo("/contacts/" + id)));
        assertThat(requests).hasSize(1);
        String body = requests.get(0).getBodyAsString();
        api.verify(1, putRequestedFor(urlEqualTo("/contacts/" + id))
                .withRequestBody(matchingJsonPath("$.id", equalTo(String.valueOf(id))))
                .withRequestBody(matchingJsonPath("$.full_name", equalTo((String) customer.get("full_name"))))
                .withRequestBody(matchingJsonPath("$.email", equalTo(((String) customer.get("email")).toUpperCase(java.util.Locale.ROOT))))
                .withRequestBody(matchingJsonPath("$.source", equalTo("legacy")))
                .withRequestBody(matchingJsonPath("$.label", equalTo(customer.get("full_name") + " n" + id))));
        assertThat(body).doesNotContain("\"phone\"", "drover_expr");
        com.fasterxml.jackson.databind.JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        assertThat(addresses).isPositive();
        assertThat(sent.get("addresses")).hasSize(addresses);
        List<String> fields = new ArrayList<>();
        sent.get("addresses").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("city", "zip");
        assertThat(db.statuses(db.latestRunId("crm-mapped"))).containsExactly(Map.entry(String.valueOf(id), "MIGRATED"));
        run("forget", "crm-mapped", "--item-id=" + id);
    }

    @Test
    void a429IsTriedAgainNoSoonerThanItsRetryAfter() {
        // given: the API is busy once, and says to come back in a second
        api.stubFor(put(urlEqualTo("/customers/5")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("slow down"))
                .willSetStateTo("calm"));
        api.stubFor(put(urlEqualTo("/customers/5")).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(201)));

        // when
        Drover.Result result = run("migrate", "crm", "--item-id=5");

        // then: MIGRATED on the second request, sent at least the Retry-After later (the backoff alone is 100 ms)
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("crm"))).containsExactly(Map.entry("5", "MIGRATED"));
        List<LoggedRequest> requests = api.findAll(putRequestedFor(urlEqualTo("/customers/5")));
        assertThat(requests).hasSize(2);
        long waited = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(waited).isGreaterThanOrEqualTo(950);
    }

    @Test
    void a503BurstIsRiddenOutAndAnItemThatExhaustsItsTriesIsCompletedByRetryFailed() {
        // given: item 6 meets two 503s before a 200; item 8 meets nothing but 503s
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(204)));
        api.stubFor(put(urlEqualTo("/customers/6")).inScenario("burst").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still"));
        api.stubFor(put(urlEqualTo("/customers/6")).inScenario("burst").whenScenarioStateIs("still")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        api.stubFor(put(urlEqualTo("/customers/6")).inScenario("burst").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        api.stubFor(put(urlEqualTo("/customers/8")).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"maintenance\"}")));

        // when
        Drover.Result result = run("migrate", "crm", "--all");

        // then: 6 made it on its third request; 8 failed after its 4 tries; one failure did not stop the run
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Map<String, String> statuses = db.statuses(db.latestRunId("crm"));
        assertThat(statuses).containsEntry("6", "MIGRATED").containsEntry("8", "FAILED");
        assertThat(statuses.values().stream().filter("MIGRATED"::equals).count()).isEqualTo(CUSTOMERS - 1);
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/6")))).hasSize(3);
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/8")))).hasSize(4);
        assertThat(error("8")).contains("503", "maintenance");

        // when: the API is back, only the failed item is sent again
        api.resetAll();
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        Drover.Result retry = run("migrate", "crm", "--retry-failed");

        // then
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("crm"))).containsExactly(Map.entry("8", "MIGRATED"));
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl).containsExactly("/customers/8");
    }

    @Test
    void a400FailsTheItemOnTheFirstTryWithTheApisMessage() {
        // given
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        api.stubFor(put(urlEqualTo("/customers/9")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"email already taken\"}")));

        // when
        Drover.Result result = run("migrate", "crm", "--all");

        // then
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/9")))).hasSize(1);
        assertThat(db.statuses(db.latestRunId("crm"))).containsEntry("9", "FAILED");
        assertThat(error("9")).contains("400", "email already taken", "/customers/9");
        assertThat(result.out()).contains(CUSTOMERS - 1 + " migrated").contains("9: Item 9 of migration 'crm' failed");
    }

    @Test
    void aSensitiveValueTheApiQuotesInItsAnswerIsMaskedInTheLogAndTheOutput() {
        // given: the API refuses item 9, quoting the phone (a sensitive column) it was sent
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        api.stubFor(put(urlEqualTo("/customers/9")).willReturn(aResponse().withStatus(422)
                .withTransformers("response-template")
                .withBody("{\"error\":\"phone {{jsonPath request.body '$.phone'}} is on a blocklist\"}")));

        // when
        Drover.Result result = run("migrate", "crm", "--item-id=9");

        // then: the API's message is there, the phone it quoted is not
        String sent = api.findAll(putRequestedFor(urlEqualTo("/customers/9"))).get(0).getBodyAsString();
        String phone = sent.replaceFirst("(?s).*\"phone\":\"([^\"]+)\".*", "$1");
        assertThat(phone).startsWith("+");
        assertThat(error("9")).contains("422", "is on a blocklist", "phone ****").doesNotContain(phone);
        assertThat(result.out() + result.err()).contains("is on a blocklist").doesNotContain(phone);
    }

    @Test
    void verifyCutsALongValueToItsFirstCharactersWithItsLengthAndHash() {
        // given: item 3 sent; the API holds an email of 5,000 characters for it
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        run("migrate", "crm", "--item-id=3");
        String sent = api.findAll(putRequestedFor(urlEqualTo("/customers/3"))).get(0).getBodyAsString();
        String huge = "x".repeat(5000);
        api.stubFor(get(urlEqualTo("/customers/3")).willReturn(okJson(
                sent.replaceFirst("\"email\":\"[^\"]*\"", "\"email\":\"" + huge + "\""))));

        // when
        Drover.Result verify = run("verify", "crm", "--item-id=3");

        // then
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("item 3: DIFFERENT", "(5000 characters, sha256 ").doesNotContain("x".repeat(201));
    }

    @Test
    void postCarriesAnIdempotencyKeyThatStaysTheSameForTheSameSource() {
        // given
        api.stubFor(post(urlEqualTo("/contacts")).willReturn(aResponse().withStatus(201)));

        // when: sent, then sent again by force
        run("migrate", "crm-post", "--item-id=3");
        run("migrate", "crm-post", "--item-id=3", "--force");

        // then: both requests carry the key of migration, item and source hash
        String hash = (String) db.rows("SELECT source_hash FROM drover.migration_log WHERE migration = 'crm-post' AND item_id = '3'"
                + " ORDER BY finished_at DESC LIMIT 1").get(0).get("source_hash");
        List<LoggedRequest> requests = api.findAll(postRequestedFor(urlEqualTo("/contacts")));
        assertThat(requests).hasSize(2);
        assertThat(requests).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsOnly(ApiRequests.idempotencyKey("crm-post", "3", hash));
    }

    @Test
    void aRunKilledMidwayLosesNoItemAndItsRerunRepeatsEachItemsIdempotencyKey(@TempDir Path other) throws Exception {
        // given: a slow API, and a run killed with SIGKILL once some items have been sent
        api.stubFor(post(urlEqualTo("/contacts")).willReturn(aResponse().withStatus(201).withFixedDelay(300)));
        Process process = drover.start(other, "killed", "migrate", "crm-post", "--all");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() ->
                api.countRequestsMatching(postRequestedFor(urlEqualTo("/contacts")).build()).getCount() >= 5);
        process.destroyForcibly();
        Drover.waitFor(process, 30);
        int sentBeforeTheKill = api.findAll(postRequestedFor(urlEqualTo("/contacts"))).size();

        // when
        Drover.Result rerun = run("migrate", "crm-post", "--all");

        // then: every item ends migrated, whether before the kill or by the rerun
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(sentBeforeTheKill).isLessThan(CUSTOMERS);
        Map<String, String> statuses = db.statuses(db.latestRunId("crm-post"));
        assertThat(statuses).hasSize(CUSTOMERS);
        assertThat(statuses.values()).allMatch(s -> s.equals("MIGRATED") || s.equals("UNCHANGED"));
        // and an item sent twice (its answer lost with the process) carried the same key both times
        Map<String, java.util.Set<String>> keysByItem = new java.util.HashMap<>();
        for (LoggedRequest request : api.findAll(postRequestedFor(urlEqualTo("/contacts")))) {
            String id = request.getBodyAsString().replaceFirst("(?s).*\"id\":(\\d+).*", "$1");
            keysByItem.computeIfAbsent(id, k -> new java.util.HashSet<>()).add(request.getHeader("Idempotency-Key"));
        }
        assertThat(keysByItem).hasSize(CUSTOMERS);
        assertThat(keysByItem.values()).allMatch(keys -> keys.size() == 1);
    }

    @Test
    void aDryRunPrintsTheRequestWithItsSecretsMaskedAndCallsNothing() {
        // when
        Drover.Result result = run("migrate", "crm", "--item-id=4", "--dry-run");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("item 4 would send PUT http://127.0.0.1:" + api.port() + "/customers/4",
                "Authorization: ****", "X-Source: drover", "\"first_name\"", "\"phone\":\"****\"");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isZero();
    }

    @Test
    void theTokenNeverShowsInOutputLogRowsOrReportsEvenWhenTheApiEchoesIt() throws Exception {
        // given: an API that quotes the request's Authorization header in its error
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        api.stubFor(put(urlEqualTo("/customers/10")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"token Bearer " + TOKEN + " is revoked\"}")));

        // when
        run("migrate", "crm", "--all");
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        run("report", "--migration=crm", "--json=" + json, "--html=" + html);

        // then
        assertThat(error("10")).contains("401", "is revoked").doesNotContain(TOKEN);
        assertThat(db.rows("SELECT CAST(t AS text) AS r FROM drover.migration_log t WHERE migration = 'crm'"))
                .extracting(r -> (String) r.get("r")).noneMatch(r -> r.contains(TOKEN));
        assertThat(Files.readString(json)).doesNotContain(TOKEN);
        assertThat(Files.readString(html)).doesNotContain(TOKEN);
        assertThat(results).allSatisfy(r -> assertThat(r.out() + r.err()).doesNotContain(TOKEN));
    }

    @Test
    void aSecretThatIsNotSetStopsTheRunBeforeAnyItem(@TempDir Path other) {
        // given: no crm.token in the configuration
        Drover withoutToken = Drover.withMigration(other, source, target, YAML, Map.of("crm.url", "http://127.0.0.1:" + api.port()));

        // when
        Drover.Result result = withoutToken.run("migrate", "crm", "--all");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("migration 'crm', api: a secret of its auth or secret headers is not set");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isZero();
    }

    @Test
    void anApiThatCannotBeReachedIsTriedAgainThenFailsTheItemInOneLine(@TempDir Path other) throws Exception {
        // given: a port nobody listens on
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Drover unreachable = Drover.withMigration(other, source, target, YAML, Map.of("crm.url", "http://127.0.0.1:" + closed,
                "crm.token", TOKEN, "drover.retry.attempts", "2", "drover.retry.delay-ms", "50"));

        // when
        Drover.Result result = unreachable.run("migrate", "crm", "--item-id=2,3");

        // then: both items FAILED (after their retry), each saying why, and the run ended
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(db.statuses(db.latestRunId("crm"))).containsExactly(Map.entry("2", "FAILED"), Map.entry("3", "FAILED"));
        assertThat(error("2")).contains("the API could not be reached for PUT http://127.0.0.1:" + closed + "/customers/2");
        assertThat(result.out() + result.err()).doesNotContain(TOKEN).doesNotContain("\tat ");
    }

    @Test
    void bulkModeCallsEachItemOnceLogsEachAnswerAndRetriesOnlyWhatMayPass() {
        // given: item 9 is refused for good, item 6 meets one 503 before its 200, the others are stored
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200).withBody("{\"stored\":true}")));
        api.stubFor(put(urlEqualTo("/customers/9")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"email already taken\"}")));
        api.stubFor(put(urlEqualTo("/customers/6")).inScenario("once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        api.stubFor(put(urlEqualTo("/customers/6")).inScenario("once").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        // when
        Drover.Result bulk = run("migrate", "crm", "--all", "--bulk");

        // then: every item has its outcome; one call each, 6 twice (its retry), 9 once (a 400 is not retried)
        assertThat(bulk.exitCode()).as(bulk.toString()).isEqualTo(1);
        assertThat(bulk.out()).contains("in bulk mode", (CUSTOMERS - 1) + " migrated, 0 unchanged, 1 failed");
        Map<String, String> statuses = db.statuses(db.latestRunId("crm"));
        assertThat(statuses).hasSize(CUSTOMERS).containsEntry("9", "FAILED").containsEntry("6", "MIGRATED");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isEqualTo(CUSTOMERS + 1);
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/6")))).hasSize(2);
        assertThat(error("9")).contains("400", "email already taken", "/customers/9");
        // each MIGRATED row keeps the request (secrets masked) and the API's answer, as in per-item mode
        String data = (String) db.rows("SELECT CAST(destination_data AS text) AS data FROM drover.migration_log"
                + " WHERE run_id = CAST(? AS uuid) AND item_id = '7'", db.latestRunId("crm")).get(0).get("data");
        assertThat(data).contains("\"status\": 200", "{\\\"stored\\\":true}", "\"Authorization\": \"****\"");
        assertThat(bulk.out() + bulk.err()).doesNotContain(TOKEN);

        // when: the source is unchanged, and the API accepts item 9 now
        api.resetAll();
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        Drover.Result rerun = run("migrate", "crm", "--all", "--bulk");

        // then: only the failed item is called again
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("1 migrated, " + (CUSTOMERS - 1) + " unchanged, 0 failed");
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl).containsExactly("/customers/9");
    }

    @Test
    void verifyReadsEachItemBackWithAGetAndNamesTheFieldsTheApiHoldsOtherwise() {
        // given: three items sent; the API then holds item 3 as sent, item 4 with another email, and no item 5
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        run("migrate", "crm", "--item-id=3,4,5");
        String sent3 = api.findAll(putRequestedFor(urlEqualTo("/customers/3"))).get(0).getBodyAsString();
        String sent4 = api.findAll(putRequestedFor(urlEqualTo("/customers/4"))).get(0).getBodyAsString();
        api.stubFor(get(urlEqualTo("/customers/3")).willReturn(okJson(sent3)));
        api.stubFor(get(urlEqualTo("/customers/4")).willReturn(okJson(
                sent4.replaceFirst("\"email\":\"[^\"]*\"", "\"email\":\"changed@crm.example\""))));
        api.stubFor(get(urlEqualTo("/customers/5")).willReturn(aResponse().withStatus(404)));

        // when
        Drover.Result verify = run("verify", "crm", "--item-id=3,4,5");

        // then
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("1 match, 1 missing, 1 different", "item 4: DIFFERENT",
                "email: 'changed@crm.example' -> '", "item 5: MISSING");
        api.verify(1, getRequestedFor(urlEqualTo("/customers/3")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(api.findAll(putRequestedFor(urlMatching(".*")))).hasSize(3); // verify sent nothing
    }

    @Test
    void verifyOfAPostApiWithoutReadUrlIsRefusedNamingTheLineThatAllowsIt() {
        Drover.Result verify = run("verify", "crm-post");

        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains("POSTs its items to an API", "read-url: <template>");
        assertThat(api.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount()).isZero();
    }

    @Test
    void verifyOfAPostApiReadsEachItemAtItsReadUrl() {
        // given: two items POSTed; the API then holds item 3 as sent and item 4 with another email
        api.stubFor(post(urlEqualTo("/contacts")).willReturn(aResponse().withStatus(201)));
        run("migrate", "crm-post-readable", "--item-id=3,4");
        List<String> sent = api.findAll(postRequestedFor(urlEqualTo("/contacts"))).stream()
                .map(request -> request.getBodyAsString()).toList();
        String sent3 = sent.stream().filter(body -> body.contains("\"id\":3")).findFirst().orElseThrow();
        String sent4 = sent.stream().filter(body -> body.contains("\"id\":4")).findFirst().orElseThrow();
        api.stubFor(get(urlEqualTo("/contacts/by-ref/3")).willReturn(okJson(sent3)));
        api.stubFor(get(urlEqualTo("/contacts/by-ref/4")).willReturn(okJson(
                sent4.replaceFirst("\"email\":\"[^\"]*\"", "\"email\":\"changed@crm.example\""))));

        // when
        Drover.Result verify = run("verify", "crm-post-readable", "--item-id=3,4");

        // then: read at the read-url with the credentials, compared field by field, nothing POSTed again
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("1 match", "1 different", "item 4: DIFFERENT", "email: 'changed@crm.example' -> '");
        api.verify(1, getRequestedFor(urlEqualTo("/contacts/by-ref/3")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/contacts")))).hasSize(2);
    }

    @Test
    void theRateLimitSpacesTheCallsOfAllWorkers(@TempDir Path other) {
        // given: at most 2 calls a second, 4 workers, 8 items
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        Drover limited = Drover.withMigration(other, source, target, YAML, Map.of("crm.url", "http://127.0.0.1:" + api.port(),
                "crm.token", TOKEN, "drover.http.max-requests-per-second", "2"));

        // when
        Drover.Result result = limited.run("migrate", "crm", "--item-id=" + IntStream.rangeClosed(1, 8)
                .mapToObj(String::valueOf).collect(Collectors.joining(",")));

        // then: 2 a second once under way (Camel's throttle lets up to one call per worker through at the very
        // start: measured [0, 14, 135, 139, 1128, 1131, 2114, 2115] ms), so 8 calls span 2 s at least; unlimited, 0.3 s
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Long> times = api.findAll(anyRequestedFor(anyUrl())).stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(times).hasSize(8);
        assertThat(times.get(7) - times.get(0)).isGreaterThanOrEqualTo(1_900);
        assertThat(times.get(7) - times.get(4)).isGreaterThanOrEqualTo(900);
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern matching(String regex) {
        return com.github.tomakehurst.wiremock.client.WireMock.matching(regex);
    }

    private static String error(String itemId) {
        return (String) db.rows("SELECT error FROM drover.migration_log WHERE migration = 'crm' AND item_id = ?"
                + " ORDER BY finished_at DESC LIMIT 1", itemId).get(0).get("error");
    }

    private static Drover.Result run(String... args) {
        Drover.Result result = drover.run(args);
        results.add(result);
        return result;
    }
}
