package io.drover.target.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP target that signs in with OAuth2 client credentials, sits behind a circuit breaker, answers slowly,
 * and a process stopped with SIGTERM while it calls one; against a real HTTP server on 127.0.0.1 (WireMock).
 */
class ApiResilienceIT {

    private static final int CUSTOMERS = 20;
    private static final int TRIES = 4;
    private static final String CLIENT_ID = "drover-client";
    private static final String CLIENT_SECRET = "cs-7Hq2Lw9Zr4Xv1Kp8";
    private static final String TOKEN = "at-Q1w2E3r4T5y6U7i8";
    private static final String RENEWED = "at-Z9x8C7v6B5n4M3l2";

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static WireMockServer api;
    static Drover drover;
    static Tables db;
    /** Every command's output, to check that no secret shows in any. */
    static final List<Drover.Result> results = new ArrayList<>();

    static final String YAML = """
            - beans:
                - name: customerConverter
                  type: "#class:io.drover.sample.CustomerConverter"
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-crm-oauth
                parameters:
                  - name: migration
                    value: crm-oauth
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: converter
                    value: customerConverter
                  - name: api
                    value: |
                      url: {{crm.url}}/customers/{id}
                      auth: oauth2 crm.client-id crm.client-secret
                      token-url: {{crm.url}}/oauth/token
                      scope: crm.write
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
                  - name: converter
                    value: customerConverter
                  - name: api
                    value: |
                      url: {{crm.url}}/customers/{id}
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
            """;

    @BeforeAll
    static void start() {
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        source = TestDatabase.postgres("api_res_src");
        target = TestDatabase.postgres("api_res_tgt");
        drover = Drover.withMigration(dir, source, target, YAML, settings(Map.of()));
        db = new Tables(target.dataSource());
        run("sample", "init", "--customers=" + CUSTOMERS);
    }

    static Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "crm.url", "http://127.0.0.1:" + api.port(),
                "crm.client-id", CLIENT_ID,
                "crm.client-secret", CLIENT_SECRET,
                "drover.retry.attempts", String.valueOf(TRIES),
                "drover.retry.delay-ms", "100",
                "camel.component.http.response-timeout", "1000",
                "drover.http.circuit-breaker.minimum-calls", "4",
                "drover.http.circuit-breaker.window-calls", "8",
                "drover.http.circuit-breaker.open-ms", "500",
                "drover.http.circuit-breaker.half-open-calls", "1"));
        settings.putAll(more);
        return settings;
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
        for (String migration : List.of("crm-oauth", "crm", "crm-post")) {
            run("forget", migration, "--item-id=" + all);
        }
    }

    @Test
    void oauth2AsksForOneTokenWithTheClientCredentialsAndSendsItWithEveryCall() {
        // given
        api.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson(
                "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));

        // when
        Drover.Result result = run("migrate", "crm-oauth", "--all");

        // then: one token request, form-encoded, the client authenticated with HTTP Basic; every call carries the token
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(CUSTOMERS + " migrated, 0 unchanged, 0 failed");
        List<LoggedRequest> tokenRequests = api.findAll(postRequestedFor(urlEqualTo("/oauth/token")));
        assertThat(tokenRequests).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(r.getBodyAsString()).isEqualTo("grant_type=client_credentials&scope=crm.write");
            assertThat(r.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        });
        api.verify(CUSTOMERS, putRequestedFor(urlMatching("/customers/\\d+")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void withClientAuthPostTheClientGoesInTheFormAndNotInHttpBasic(@TempDir Path other) throws Exception {
        // given: a token endpoint that takes the client only in the form (client_secret_post)
        api.stubFor(post(urlEqualTo("/oauth/form-token")).willReturn(okJson("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        String yaml = YAML.substring(0, YAML.indexOf("- templatedRoute:")) + """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-crm-form
                    parameters:
                      - {name: migration, value: crm-form}
                      - {name: idQuery, value: SELECT id FROM customers}
                      - {name: itemQuery, value: "SELECT * FROM customers WHERE id = :#id"}
                      - {name: converter, value: customerConverter}
                      - name: api
                        value: |
                          url: {{crm.url}}/customers/{id}
                          auth: oauth2 crm.client-id crm.client-secret
                          token-url: {{crm.url}}/oauth/form-token
                          client-auth: post
                """;
        Drover form = Drover.withMigration(other, source, target, yaml, settings(Map.of()));

        // when
        Drover.Result result = form.run("migrate", "crm-form", "--item-id=1,2,3");

        // then: one token request, the client id and secret form-encoded in its body, no Authorization header
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/oauth/form-token")))).singleElement().satisfies(r -> {
            assertThat(r.getBodyAsString()).isEqualTo("grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret="
                    + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8));
            assertThat(r.getHeader("Authorization")).isNull();
        });
        api.verify(3, putRequestedFor(urlMatching("/customers/\\d+")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(result.out() + result.err()).doesNotContain(CLIENT_SECRET).doesNotContain(TOKEN);
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE migration = 'crm-form'"
                + " AND (CAST(destination_data AS text) LIKE ? OR CAST(destination_data AS text) LIKE ?)", "%" + CLIENT_SECRET + "%", "%" + TOKEN + "%")).isZero();
    }

    @Test
    void aTokenAboutToExpireIsAskedForAgainBeforeTheCallThatWouldCarryIt() {
        // given: tokens that live one second, and an API that takes 150 ms a call
        api.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":1}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200).withFixedDelay(150)));

        // when: 20 calls, about three seconds
        Drover.Result result = run("migrate", "crm-oauth", "--all", "--workers=1");

        // then: a new token about every second, not one per call, and no call refused
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/oauth/token"))).size()).isBetween(2, 6);
    }

    @Test
    void aTokenTheApiRefusesIsRenewedOnceAndTheCallSentAgain() {
        // given: the token endpoint gives TOKEN, then RENEWED; the API has revoked TOKEN
        api.stubFor(post(urlEqualTo("/oauth/token")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}")).willSetStateTo("renewed"));
        api.stubFor(post(urlEqualTo("/oauth/token")).inScenario("tokens").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"access_token\":\"" + RENEWED + "\",\"expires_in\":3600}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"token " + TOKEN + " revoked\"}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).withHeader("Authorization", equalTo("Bearer " + RENEWED))
                .willReturn(aResponse().withStatus(200)));

        // when
        Drover.Result result = run("migrate", "crm-oauth", "--all", "--workers=2");

        // then: two token requests in all (however many calls were refused at once), every item migrated
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(CUSTOMERS + " migrated, 0 unchanged, 0 failed");
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/oauth/token")))).hasSize(2);
        api.verify(CUSTOMERS, putRequestedFor(urlMatching("/customers/\\d+")).withHeader("Authorization", equalTo("Bearer " + RENEWED)));
        assertThat(api.findAll(putRequestedFor(urlMatching("/customers/\\d+"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)))).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aTokenEndpointThatRefusesTheClientStopsTheRunBeforeAnyItemInOneLine() {
        // given: a token endpoint that refuses the client, quoting its secret back
        api.stubFor(post(urlEqualTo("/oauth/token")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"secret " + CLIENT_SECRET + " is wrong\"}")));

        int logRows = db.count("SELECT count(*) FROM drover.migration_log");

        // when
        Drover.Result result = run("migrate", "crm-oauth", "--all");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip()).doesNotContain("\n")
                .contains("migration 'crm-oauth', api: the token endpoint at 127.0.0.1:" + api.port() + " answered 401", "invalid_client");
        assertThat(api.findAll(putRequestedFor(anyUrl()))).isEmpty();
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(logRows);
    }

    @Test
    void aTokenEndpointThatRefusesMidRunFailsTheItemsWithItsHost() {
        // given: the first token is given, then refused; the API refuses the first token
        api.stubFor(post(urlEqualTo("/oauth/token")).inScenario("revoked").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}")).willSetStateTo("refused"));
        api.stubFor(post(urlEqualTo("/oauth/token")).inScenario("revoked").whenScenarioStateIs("refused")
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unauthorized_client\"}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(401)));

        // when
        Drover.Result result = run("migrate", "crm-oauth", "--item-id=5");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(db.statuses(db.latestRunId("crm-oauth"))).containsExactly(Map.entry("5", "FAILED"));
        assertThat(error("crm-oauth", "5")).contains("the token endpoint at 127.0.0.1:" + api.port() + " answered 400",
                "unauthorized_client");
    }

    @Test
    void noSecretOrTokenShowsInOutputLogRowsReportsOrADryRun() throws Exception {
        // given: an API that echoes the token in its errors, and items that fail with it
        api.stubFor(post(urlEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}")));
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200).withBody("{\"seen\":\"Bearer " + TOKEN + "\"}")));
        api.stubFor(put(urlEqualTo("/customers/9")).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\":\"token " + TOKEN + " may not write, client " + CLIENT_SECRET + "\"}")));

        // when
        run("migrate", "crm-oauth", "--all");
        int tokenRequests = api.findAll(postRequestedFor(urlEqualTo("/oauth/token"))).size();
        Drover.Result dryRun = run("migrate", "crm-oauth", "--item-id=4", "--dry-run", "--force");
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        run("report", "--migration=crm-oauth", "--json=" + json, "--html=" + html);

        // then
        assertThat(dryRun.out()).contains("Authorization: ****");
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/oauth/token")))).hasSize(tokenRequests); // a dry run asks for none
        assertThat(error("crm-oauth", "9")).contains("403", "may not write");
        List<String> secrets = List.of(TOKEN, CLIENT_SECRET);
        assertThat(db.rows("SELECT CAST(t AS text) AS r FROM drover.migration_log t WHERE migration = 'crm-oauth'"))
                .extracting(r -> (String) r.get("r")).allSatisfy(row -> assertThat(row).doesNotContain(secrets));
        assertThat(Files.readString(json)).doesNotContain(secrets);
        assertThat(Files.readString(html)).doesNotContain(secrets);
        assertThat(results).allSatisfy(r -> assertThat(r.out() + r.err()).doesNotContain(secrets));
    }

    @Test
    void aResponseSlowerThanTheResponseTimeoutIsTriedAgain() {
        // given: the first answer to item 3 comes after 3 s, beyond camel.component.http.response-timeout (1 s)
        api.stubFor(put(urlEqualTo("/customers/3")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000)).willSetStateTo("fast"));
        api.stubFor(put(urlEqualTo("/customers/3")).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200)));

        // when
        Drover.Result result = run("migrate", "crm", "--item-id=3");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("crm"))).containsExactly(Map.entry("3", "MIGRATED"));
        assertThat(api.findAll(putRequestedFor(urlEqualTo("/customers/3")))).hasSize(2);
    }

    @Test
    void whileTheApiIsDownTheBreakerHoldsTheItemsAndEveryItemCompletesWhenItIsBack() throws Exception {
        // given: an API that answers 503 for three seconds
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"down\"}")));

        // when
        CompletableFuture<Drover.Result> running = CompletableFuture.supplyAsync(() -> run("migrate", "crm", "--all", "--workers=2"));
        Thread.sleep(3000);
        int callsWhileDown = api.findAll(putRequestedFor(anyUrl())).size();
        api.stubFor(put(urlMatching("/customers/\\d+")).atPriority(1).willReturn(aResponse().withStatus(200)));
        Drover.Result result = running.get(90, java.util.concurrent.TimeUnit.SECONDS);

        // then: every item migrated, and the API was called far less often than items × tries while it was down
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains(CUSTOMERS + " migrated, 0 unchanged, 0 failed");
        assertThat(callsWhileDown).isBetween(4, CUSTOMERS);
        System.out.println("calls while the API was down for 3 s: " + callsWhileDown + " (items x tries = " + CUSTOMERS * TRIES + ")");
    }

    @Test
    void anApiThatStaysDownLongerThanMaxDownFailsTheWaitingItemsAndRetryFailedCompletesThem(@TempDir Path other) {
        // given: an API that stays down, and a breaker that gives it 2 s
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"down\"}")));
        Drover bounded = Drover.withMigration(other, source, target, YAML,
                settings(Map.of("drover.http.circuit-breaker.max-down-ms", "2000")));

        // when
        long started = System.nanoTime();
        Drover.Result result = bounded.run("migrate", "crm", "--all", "--workers=2");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        // then: the run ended on its own, every item FAILED saying why, and the API was spared items x tries calls
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("0 migrated, 0 unchanged, " + CUSTOMERS + " failed");
        assertThat(tookMs).isLessThan(60_000);
        // the items whose tries ran out before the breaker opened say 503; the ones that waited say how long
        String run = db.latestRunId("crm");
        int waited = db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) AND error LIKE ?", run,
                "%the API has been taken for down (its circuit breaker open) for more than 2000 ms"
                        + " (drover.http.circuit-breaker.max-down-ms)%; the item is left for --retry-failed%");
        assertThat(waited).isGreaterThan(CUSTOMERS / 2);
        assertThat(api.findAll(putRequestedFor(anyUrl())).size()).isLessThan(CUSTOMERS * TRIES);

        // when: the API is back
        api.resetAll();
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        Drover.Result retry = bounded.run("migrate", "crm", "--retry-failed");

        // then
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("crm")).values()).hasSize(CUSTOMERS).allMatch("MIGRATED"::equals);
    }

    @Test
    void aCircuitBreakerSettingOutOfRangeIsOneLineAndExitCode2BeforeAnyCall(@TempDir Path other) {
        // given
        Drover badBreaker = Drover.withMigration(other, source, target, YAML, settings(Map.of("drover.http.circuit-breaker.open-ms", "0")));

        // when
        Drover.Result result = badBreaker.run("migrate", "crm", "--all");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip()).doesNotContain("\n")
                .contains("drover.http.circuit-breaker.open-ms must be a whole number from 1 to 3600000, got '0'");
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void sigtermWhileCallingASlowApiStopsWithinSecondsAndARerunPostsNoItemTwice(@TempDir Path other) throws Exception {
        // given: a slow API, and a run that gets SIGTERM once a few items are sent; a short queue, so that the
        // items a stopping process still completes are the few it had already taken
        api.stubFor(post(urlEqualTo("/contacts")).willReturn(aResponse().withStatus(201).withFixedDelay(500)));
        Drover shortQueue = Drover.withMigration(other.resolve("config"), source, target, YAML, settings(Map.of("drover.queue.size", "2")));
        Process process = shortQueue.start(other, "sigterm", "migrate", "crm-post", "--all", "--workers=2");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() ->
                api.countRequestsMatching(postRequestedFor(urlEqualTo("/contacts")).build()).getCount() >= 4);

        // when
        long signalled = System.nanoTime();
        process.destroy(); // SIGTERM
        int exit = Drover.waitFor(process, 30);
        long stopMs = (System.nanoTime() - signalled) / 1_000_000;

        // then: it stopped within seconds, part way, with the run INTERRUPTED
        assertThat(exit).isNotZero();
        assertThat(stopMs).isLessThan(10_000);
        System.out.println("stopped " + stopMs + " ms after SIGTERM");
        int sentBeforeTheStop = api.findAll(postRequestedFor(urlEqualTo("/contacts"))).size();
        assertThat(sentBeforeTheStop).isLessThan(CUSTOMERS);
        assertThat(db.rows("SELECT status FROM drover.migration_run WHERE migration = 'crm-post' ORDER BY started_at DESC LIMIT 1"))
                .singleElement().satisfies(run -> assertThat(run.get("status")).isEqualTo("INTERRUPTED"));

        // when
        Drover.Result rerun = run("migrate", "crm-post", "--all");

        // then: every item migrated, each POSTed under one Idempotency-Key; usually no key is sent twice, but a
        // call whose answer is lost with the stopping process (at most one per worker) is sent again under its key
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        Map<String, String> statuses = db.statuses(db.latestRunId("crm-post"));
        assertThat(statuses).hasSize(CUSTOMERS);
        assertThat(statuses.values()).allMatch(s -> s.equals("MIGRATED") || s.equals("UNCHANGED"));
        Map<String, Long> postsByKey = api.findAll(postRequestedFor(urlEqualTo("/contacts"))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(postsByKey).hasSize(CUSTOMERS);
        long sentAgain = postsByKey.values().stream().filter(count -> count > 1).count();
        System.out.println("keys sent twice after SIGTERM: " + sentAgain);
        assertThat(sentAgain).isLessThanOrEqualTo(2);
        assertThat(postsByKey.values()).allMatch(count -> count <= 2);
    }

    @Test
    void sigtermWhileItemsWaitForAnOpenBreakerStopsWithinSecondsAndARerunCompletesThem(@TempDir Path other) throws Exception {
        // given: an API that is down, and a run whose breaker has opened
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(503)));
        Process process = drover.start(other, "breaker-open", "migrate", "crm", "--all", "--workers=2");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() ->
                api.countRequestsMatching(putRequestedFor(anyUrl()).build()).getCount() >= 4);
        Thread.sleep(1000); // items are now waiting for the breaker

        // when
        long signalled = System.nanoTime();
        process.destroy(); // SIGTERM
        int exit = Drover.waitFor(process, 30);
        long stopMs = (System.nanoTime() - signalled) / 1_000_000;

        // then
        assertThat(exit).isNotZero();
        assertThat(stopMs).isLessThan(10_000);
        System.out.println("stopped " + stopMs + " ms after SIGTERM with the breaker open");
        assertThat(db.rows("SELECT status FROM drover.migration_run WHERE migration = 'crm' ORDER BY started_at DESC LIMIT 1"))
                .singleElement().satisfies(run -> assertThat(run.get("status")).isEqualTo("INTERRUPTED"));

        // when: the API is back
        api.resetAll();
        api.stubFor(put(urlMatching("/customers/\\d+")).willReturn(aResponse().withStatus(200)));
        Drover.Result rerun = run("migrate", "crm", "--all");

        // then
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(db.statuses(db.latestRunId("crm")).values()).hasSize(CUSTOMERS).allMatch("MIGRATED"::equals);
    }

    private static String error(String migration, String itemId) {
        return (String) db.rows("SELECT error FROM drover.migration_log WHERE migration = ? AND item_id = ?"
                + " ORDER BY finished_at DESC LIMIT 1", migration, itemId).get(0).get("error");
    }

    private static Drover.Result run(String... args) {
        Drover.Result result = drover.run(args);
        results.add(result);
        return result;
    }
}
