package io.drover.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample's target service: a small HTTP API that stores the customers it receives, for trying and
 * testing HTTP targets against something real. PUT /customers/{id} stores a customer under its id, POST
 * /customers creates one with an id of the service's own and honours Idempotency-Key, GET /customers/{id}
 * reads one back, GET /stats counts the requests received. Built on the JDK's own HTTP server: the service
 * needs four routes and no framework.
 */
public final class SampleService implements AutoCloseable {

    private static final Pattern ONE_CUSTOMER = Pattern.compile("/customers/(\\d{1,18})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SampleServiceStore store;
    private final byte[] expectedAuthorization;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    private SampleService(SampleServiceStore store, String token, HttpServer server, ExecutorService threads) {
        this.store = store;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.server = server;
        this.threads = threads;
    }

    /**
     * Starts the service on 127.0.0.1.
     * @param port 0 for any free port
     * @param token the bearer token every request must carry
     * @param threads requests handled at once (each holds a database connection while it stores)
     */
    public static SampleService start(SampleServiceStore store, int port, String token, int threads) throws IOException, SQLException {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the sample service needs a bearer token");
        }
        store.createTables();
        // small answers on kept-alive connections: without this, Nagle's algorithm holds each one ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        SampleService service = new SampleService(store, token, server, pool);
        server.setExecutor(pool);
        server.createContext("/", service::handle);
        server.start();
        return service;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests received so far by method (PUT, POST, GET), /stats not included. */
    public long requests(String method) {
        AtomicLong count = requests.get(method);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET") && path.equals("/stats")) {
                answer(exchange, 200, JSON.writeValueAsString(Map.of("PUT", requests("PUT"), "POST", requests("POST"), "GET", requests("GET"))));
                return;
            }
            requests.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!authorized(exchange)) {
                // never quote what was sent: it may be a real token meant for another service
                answer(exchange, 401, error("missing or wrong bearer token"));
                return;
            }
            Matcher one = ONE_CUSTOMER.matcher(path);
            if (one.matches() && method.equals("PUT")) {
                put(exchange, Long.parseLong(one.group(1)), body);
            } else if (one.matches() && method.equals("GET")) {
                get(exchange, Long.parseLong(one.group(1)));
            } else if (path.equals("/customers") && method.equals("POST")) {
                post(exchange, body);
            } else if (one.matches() || path.equals("/customers")) {
                answer(exchange, 405, error("method " + method + " not allowed on " + path));
            } else {
                answer(exchange, 404, error("no resource " + path));
            }
        } catch (SQLException e) {
            // the database's trouble: 503 when it may pass (connection, shutdown, serialization, resources), 500 otherwise
            String state = String.valueOf(e.getSQLState());
            boolean transientState = state.startsWith("08") || state.startsWith("57") || state.startsWith("40") || state.startsWith("53");
            answer(exchange, transientState ? 503 : 500, error("the database refused the request (SQLSTATE " + state + ")"));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String sent = exchange.getRequestHeaders().getFirst("Authorization");
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    private void put(HttpExchange exchange, long id, byte[] body) throws IOException, SQLException {
        Optional<ObjectNode> customer = customer(exchange, body);
        if (customer.isEmpty()) {
            return;
        }
        JsonNode sentId = customer.get().get("id");
        if (sentId != null && !(sentId.canConvertToLong() && sentId.asLong() == id)) {
            answer(exchange, 400, error("the body's id " + sentId + " is not the URL's " + id));
            return;
        }
        String document = JSON.writeValueAsString(customer.get());
        boolean created = store.put(id, document);
        answer(exchange, created ? 201 : 200, document);
    }

    private void post(HttpExchange exchange, byte[] body) throws IOException, SQLException {
        Optional<ObjectNode> customer = customer(exchange, body);
        if (customer.isEmpty()) {
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        SampleServiceStore.Answer answer = store.create(key == null || key.isBlank() ? null : key,
                JSON.writeValueAsString(customer.get()), id -> "{\"id\":" + id + "}");
        answer(exchange, answer.status(), answer.body());
    }

    private void get(HttpExchange exchange, long id) throws IOException, SQLException {
        Optional<String> document = store.get(id);
        if (document.isPresent()) {
            answer(exchange, 200, document.get());
        } else {
            answer(exchange, 404, error("no customer " + id));
        }
    }

    /** The body as a JSON object, or empty after answering 400. */
    private Optional<ObjectNode> customer(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException e) {
            answer(exchange, 400, error("the body is not JSON"));
            return Optional.empty();
        }
        if (parsed instanceof ObjectNode object) {
            return Optional.of(object);
        }
        answer(exchange, 400, error("the body must be a JSON object (a customer)"));
        return Optional.empty();
    }

    private static String error(String message) throws IOException {
        return JSON.writeValueAsString(Map.of("error", message));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
