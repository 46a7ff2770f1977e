package io.drover.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's customers migrated into the sample service end to end: a real HTTP service on 127.0.0.1
 * storing what it receives in PostgreSQL, the shipped migration customers-api (PUT) and a POST variant of it.
 * Requests are counted by the service itself; its rows are compared with what the tables migration
 * `customers` makes of the same source.
 */
class SampleServiceIT {

    private static final int CUSTOMERS = 60;
    private static final String TOKEN = "svc-tok-7Qe2Lm9Xw4Rz";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The POST variant: the service gives each customer an id of its own, so only the key prevents duplicates. */
    private static final String POST_MIGRATION = """
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-customers-api-post
                parameters:
                  - name: migration
                    value: customers-api-post
                  - name: idQuery
                    value: SELECT id FROM customers
                  - name: itemQuery
                    value: SELECT * FROM customers WHERE id = :#id
                  - name: childQueries
                    value: |
                      addresses: SELECT * FROM addresses WHERE customer_id = :#id ORDER BY id
                  - name: converter
                    value: customerConverter
                  - name: api
                    value: |
                      method: POST
                      url: {{drover.sample.service.url}}/customers
                      auth: bearer drover.sample.service.token
            """;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static TestDatabase serviceDb;
    static HikariDataSource servicePool;
    static SampleService service;
    static Drover drover;
    static Tables db;
    static Tables stored;
    /** Every command's output, to check that the token shows in none. */
    static final List<Drover.Result> results = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        source = TestDatabase.postgres("svc_src");
        target = TestDatabase.postgres("svc_tgt");
        serviceDb = TestDatabase.postgres("svc_api");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(serviceDb.url());
        pool.setUsername(serviceDb.user());
        pool.setPassword(serviceDb.password());
        pool.setMaximumPoolSize(8);
        servicePool = new HikariDataSource(pool);
        service = SampleService.start(new SampleServiceStore(servicePool), 0, TOKEN, 8);
        drover = configure(dir.resolve("drover"), Map.of());
        db = new Tables(target.dataSource());
        stored = new Tables(serviceDb.dataSource());
        assertThat(run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
    }

    /** The project's routes (customers, customers-api) plus the POST variant, against the service. */
    static Drover configure(Path where, Map<String, String> more) throws IOException {
        Path extra = Files.createDirectories(where.resolve("extra-routes"));
        Files.writeString(extra.resolve("customers-api-post.camel.yaml"), POST_MIGRATION);
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "drover.sample.service.url", service.url(),
                "drover.sample.service.token", TOKEN,
                "drover.retry.delay-ms", "100",
                "camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/**/*.camel.yaml,file:"
                        + extra + "/*.camel.yaml"));
        properties.putAll(more);
        return Drover.configure(where, source, target, properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (servicePool != null) {
            servicePool.close();
        }
        TestDatabase.closeAll(source, target, serviceDb);
    }

    @BeforeEach
    void emptyServiceAndForgottenItems() {
        stored.jdbc().execute("TRUNCATE service_customer, service_idempotency_key");
        db.jdbc().update("DELETE FROM drover.item_state WHERE migration LIKE 'customers-api%'");
    }

    @Test
    void everyCustomerIsStoredByTheServiceAsTheTablesMigrationWritesItAndAnUnchangedRerunMakesNoCall() throws Exception {
        // given
        long putsBefore = service.requests("PUT");

        // when
        Drover.Result first = run("migrate", "customers-api", "--all");

        // then: one PUT per customer, each stored under its id
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains(CUSTOMERS + " migrated, 0 unchanged, 0 failed");
        assertThat(service.requests("PUT") - putsBefore).isEqualTo(CUSTOMERS);
        assertThat(stored.jdbc().queryForList("SELECT id FROM service_customer ORDER BY id", Long.class))
                .isEqualTo(new Tables(source.dataSource()).jdbc().queryForList("SELECT id FROM customers ORDER BY id", Long.class));

        // and: the service holds what the tables migration makes of the same source, field by field
        assertThat(run("migrate", "customers", "--all").exitCode()).isZero();
        assertThat(serviceCustomers()).isEqualTo(tableCustomers());

        // when: nothing changed in the source
        long putsAfterFirst = service.requests("PUT");
        Drover.Result second = run("migrate", "customers-api", "--all");

        // then: no call reached the service
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("0 migrated, " + CUSTOMERS + " unchanged");
        assertThat(service.requests("PUT")).isEqualTo(putsAfterFirst);
    }

    @Test
    void oneItemIsExactlyOneRequestAndOneStoredCustomer() {
        // given
        long before = service.requests("PUT") + service.requests("POST");

        // when
        Drover.Result result = run("migrate", "customers-api", "--item-id=7");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(service.requests("PUT") + service.requests("POST") - before).isEqualTo(1);
        assertThat(stored.jdbc().queryForList("SELECT id FROM service_customer", Long.class)).containsExactly(7L);
        assertThat(db.statuses(db.latestRunId("customers-api"))).containsExactly(Map.entry("7", "MIGRATED"));
    }

    @Test
    void aPostRunKilledWhileRequestsAreInFlightLosesNoItemAndTheRerunCreatesNoDuplicate() throws Exception {
        Path other = Files.createDirectories(dir.resolve("killed"));
        // given: a slowed-down run, killed with SIGKILL while the service is still storing some of its requests
        // (the test locks the service's customer table, so the requests in flight wait inside the service)
        Drover slow = configure(other, Map.of("drover.http.max-requests-per-second", "20"));
        long postsBefore = service.requests("POST");
        Process process = slow.start(other, "killed", "migrate", "customers-api-post", "--all");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> service.requests("POST") - postsBefore >= 10);
        try (Connection lock = serviceDb.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE service_customer IN SHARE MODE");
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingForTheLock() >= 2);
            process.destroyForcibly();
            Drover.waitFor(process, 30);
            lock.commit(); // the service now stores the requests whose answers died with Drover
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingForTheLock() == 0);
        long sentBeforeTheKill = service.requests("POST") - postsBefore;

        // when
        Drover.Result rerun = run("migrate", "customers-api-post", "--all");

        // then: every customer stored exactly once, though some were sent twice
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(sentBeforeTheKill).isLessThan(CUSTOMERS);
        long sent = service.requests("POST") - postsBefore;
        assertThat(sent).as("requests sent, before and after the kill").isGreaterThan(CUSTOMERS);
        assertThat(stored.count("SELECT count(*) FROM service_customer")).isEqualTo(CUSTOMERS);
        assertThat(stored.count("SELECT count(DISTINCT CAST(document AS jsonb)->>'id') FROM service_customer")).isEqualTo(CUSTOMERS);
        assertThat(stored.count("SELECT count(*) FROM service_customer WHERE id < ?", SampleServiceStore.FIRST_CREATED_ID)).isZero();
        assertThat(stored.count("SELECT count(*) FROM service_idempotency_key")).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(DISTINCT item_id) FROM drover.migration_log WHERE migration = 'customers-api-post'"
                + " AND status = 'MIGRATED'")).isEqualTo(CUSTOMERS);
        // and the killed process's output and log do not show the token
        for (String file : List.of("killed.out", "killed.err")) {
            assertThat(Files.readString(other.resolve(file))).as(file).doesNotContain(TOKEN);
        }
    }

    @Test
    void verifyFindsTheFieldTheServiceChanged() throws Exception {
        // given: customers 4 and 5 migrated, then customer 5's email changed in the service through its API
        assertThat(run("migrate", "customers-api", "--item-id=4,5").exitCode()).isZero();
        String changed = stored.jdbc().queryForObject("SELECT document FROM service_customer WHERE id = 5", String.class)
                .replaceFirst("\"email\":\"[^\"]*\"", "\"email\":\"edited.in.the.service@example.com\"");
        HttpResponse<String> edit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/customers/5"))
                .header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.ofString(changed)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(edit.statusCode()).isEqualTo(200);

        // when
        Drover.Result verify = run("verify", "customers-api", "--item-id=4,5");

        // then
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("1 match, 0 missing, 1 different", "item 5: DIFFERENT",
                "email: 'edited.in.the.service@example.com' -> '");
    }

    @Test
    void theServiceRefusesAWrongTokenAndTheTokenNeverShows() throws Exception {
        // given: a run, its report, and a request with a wrong token
        run("migrate", "customers-api", "--all");
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        run("report", "--migration=customers-api", "--json=" + json, "--html=" + html);
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/customers/1"))
                .header("Authorization", "Bearer not-" + TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(TOKEN);
        assertThat(db.rows("SELECT CAST(t AS text) AS r FROM drover.migration_log t WHERE migration LIKE 'customers-api%'"))
                .extracting(r -> (String) r.get("r")).isNotEmpty().noneMatch(r -> r.contains(TOKEN));
        assertThat(db.rows("SELECT CAST(t AS text) AS r FROM drover.migration_run t")).extracting(r -> (String) r.get("r"))
                .noneMatch(r -> r.contains(TOKEN));
        assertThat(Files.readString(json)).doesNotContain(TOKEN);
        assertThat(Files.readString(html)).doesNotContain(TOKEN);
        assertThat(results).allSatisfy(r -> assertThat(r.out() + r.err()).doesNotContain(TOKEN));
        // the output and logs of every process a test started
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".out") || f.toString().endsWith(".err")).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
            }
        }
    }

    /** Sessions of the service waiting for the test's lock. */
    private static int waitingForTheLock() {
        return stored.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    /** The service's customers as the fields the tables migration also writes, by id. */
    private static Map<Long, Map<String, Object>> serviceCustomers() throws IOException {
        Map<Long, Map<String, Object>> customers = new TreeMap<>();
        for (String document : stored.jdbc().queryForList("SELECT document FROM service_customer", String.class)) {
            JsonNode customer = JSON.readTree(document);
            List<String> addresses = new ArrayList<>();
            customer.path("customer_address").forEach(a -> addresses.add(a.get("id").asLong() + " " + a.get("kind").asText() + " "
                    + a.get("street").asText() + " " + a.get("city").asText() + " " + a.get("country").asText()));
            customers.put(customer.get("id").asLong(), Map.of("first_name", customer.get("first_name").asText(),
                    "last_name", customer.get("last_name").asText(), "email", customer.get("email").asText(),
                    "phone", customer.path("phone").isNull() || customer.path("phone").isMissingNode() ? "" : customer.get("phone").asText(),
                    "status", customer.get("status").asText(),
                    "created_at", java.time.OffsetDateTime.parse(customer.get("created_at").asText()).toInstant().toString(),
                    "addresses", addresses));
        }
        return customers;
    }

    private static Map<Long, Map<String, Object>> tableCustomers() {
        Map<Long, Map<String, Object>> customers = new TreeMap<>();
        for (Map<String, Object> row : db.rows("SELECT c.*, CAST(c.status AS text) AS state, c.created_at AT TIME ZONE 'UTC' AS utc,"
                + " (SELECT string_agg(a.id || ' ' || a.kind || ' ' || a.street || ' ' || a.city || ' ' || a.country, '|' ORDER BY a.id)"
                + " FROM customer_address a WHERE a.customer_id = c.id) AS addresses FROM customer c")) {
            customers.put(((Number) row.get("id")).longValue(), Map.of("first_name", row.get("first_name"),
                    "last_name", row.get("last_name"), "email", row.get("email"),
                    "phone", row.get("phone") == null ? "" : row.get("phone"),
                    "status", row.get("state"),
                    "created_at", ((java.sql.Timestamp) row.get("utc")).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC).toString(),
                    "addresses", row.get("addresses") == null ? List.of() : List.of(((String) row.get("addresses")).split("\\|"))));
        }
        return customers;
    }

    private static Drover.Result run(String... args) {
        Drover.Result result = drover.run(args);
        results.add(result);
        return result;
    }
}
