package io.drover.pipeline;

import io.drover.migration.Migration;
import io.drover.target.http.ApiCallException;
import io.drover.target.http.ApiCredentials;
import io.drover.target.http.ApiRequest;
import io.drover.target.http.ApiRequests;
import io.drover.target.http.ApiTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.Variable;

/**
 * The steps of route call-api around the HTTP call, the counterpart of {@link ItemWriter} for a migration
 * whose target is an API: build the item's request, judge the answer (2xx: MIGRATED and its log row; 408,
 * 429, 5xx, no answer: transient; any other 4xx: failed at once), or, for a dry run, show the request.
 * No database transaction is open around the call: the MIGRATED row is written after the API answered.
 */
public final class ApiWriter {

    /** The exchange variable holding the item's request while it is sent. */
    static final String REQUEST = "droverApiRequest";
    /** The exchange variable holding the request's JSON body, sent again as it is by every pass of call-api's loop. */
    static final String BODY = "droverApiBody";
    /** The exchange variable holding the generation of the OAuth2 token sent (never the token), or -1. */
    static final String TOKEN_GENERATION = "droverApiTokenGeneration";
    /** The exchange variable that makes call-api's loop send the request again after waiting for the circuit breaker. */
    static final String CALL_PENDING = "droverApiCallPending";

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final ItemPipeline pipeline;
    private final int loggedBodyLength;
    private final int diffMaxValueLength;
    private final io.drover.target.http.ApiCircuitBreaker breaker;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    /** A migration's target with its URLs' placeholders and its secrets resolved, once; readUrl null for a POST API without one. */
    private record Prepared(ApiTarget api, String url, String readUrl, ApiCredentials credentials) {
    }

    /**
     * @param properties       a property's value (with placeholders resolved), or null
     * @param loggedBodyLength   characters of a response body kept in the log and in error messages
     * @param diffMaxValueLength characters of a value that a verification's or dry run's difference keeps
     * @param breaker            the circuit breaker every API call passes (items wait while it is open)
     */
    public ApiWriter(Function<String, String> properties, Function<String, String> environment, ItemPipeline pipeline,
                     int loggedBodyLength, int diffMaxValueLength, io.drover.target.http.ApiCircuitBreaker breaker) {
        this.breaker = breaker;
        this.properties = properties;
        this.environment = environment;
        this.pipeline = pipeline;
        this.loggedBodyLength = loggedBodyLength;
        this.diffMaxValueLength = diffMaxValueLength;
    }

    /** The start-up check of an API migration: its URL's placeholders and its secrets resolve. */
    public void validate(Migration migration) {
        prepared(migration);
    }

    /**
     * With OAuth2 client credentials, asks for the first access token before any item: a token endpoint
     * that refuses the client is a configuration error (exit code 2); one that is down is left to the items' tries.
     */
    public void signIn(Migration migration) {
        io.drover.target.http.OAuth2Tokens tokens = prepared(migration).credentials().tokens();
        if (tokens == null) {
            return;
        }
        try {
            tokens.token();
        } catch (ApiCallException e) {
            if (!e.isTransient()) {
                throw new io.drover.DroverConfigException(e.getMessage());
            }
        }
    }

    /** Builds the item's request; returns its body, which the route marshals to JSON and keeps for every send. */
    public Map<String, Object> request(@Variable(ItemPipeline.ITEM) ItemWork work, Exchange exchange) {
        if (work.migration().isTablesThenApi()) {
            work.tablesCommitted(); // route write-item returned: its transaction committed the rows
        }
        ApiRequest request = requestOf(work);
        exchange.setVariable(REQUEST, request);
        exchange.setVariable(CALL_PENDING, true);
        return request.body();
    }

    /** Before each send: the request's method, URL and headers (secrets included) as message headers, its JSON as the body. */
    public void send(@Variable(REQUEST) ApiRequest request, Exchange exchange) {
        io.drover.target.http.OAuth2Tokens tokens = request.credentials().tokens();
        prepareSend(request, tokens == null ? null : tokens.token(), exchange);
    }

    /**
     * The API answered 401 to an OAuth2 token: its token is asked for anew, once, and the call sent again
     * (the token may have been revoked or expired before its expires_in).
     */
    public void renewToken(@Variable(REQUEST) ApiRequest request, @Variable(TOKEN_GENERATION) long refused, Exchange exchange) {
        prepareSend(request, request.credentials().tokens().renew(refused), exchange);
    }

    private void prepareSend(ApiRequest request, io.drover.target.http.OAuth2Tokens.Token token, Exchange exchange) {
        exchange.setVariable(TOKEN_GENERATION, token == null ? -1L : token.generation());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        message.setHeader(Exchange.HTTP_URI, request.uri());
        request.headers().forEach(message::setHeader);
        request.credentials().headers(token).forEach(message::setHeader);
        message.setBody(exchange.getVariable(BODY));
    }

    /**
     * Inside the circuit breaker: a transient answer (408, 429, 5xx) is thrown so that the breaker counts it as
     * a failure of the API; every other answer, a 4xx included, is a call the API handled.
     */
    public void judgedByTheBreaker(@Variable(ItemPipeline.ITEM) ItemWork work, @Variable(REQUEST) ApiRequest request,
                                   @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter,
                                   @Body String body) {
        int code = status == null ? 0 : status;
        if (ApiCallException.isTransient(code)) {
            throw ApiCallException.answered(request.toString(), code, shown(work, request, body), retryAfterMs(retryAfter));
        }
    }

    /** After the breaker: a call it did not let through (it is open) is refused, so that the item waits (callFailed). */
    public void passedTheBreaker(Exchange exchange) {
        // set true by every call the breaker let through, false when it refused one (no fallback: no exception either)
        if (!exchange.getProperty(org.apache.camel.ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SUCCESSFUL_EXECUTION, true, Boolean.class)) {
            throw io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(breaker.breaker());
        }
    }

    /**
     * A call that failed or that the breaker did not let through. While the breaker is open (this failure may
     * have opened it) the item waits and sends again, spending none of its tries; any other failure goes back
     * to the item's retry loop. A stopping process waits for nothing: the item then fails its try.
     */
    public void callFailed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause, Exchange exchange) throws Exception {
        boolean refused = isRefusedByTheBreaker(cause);
        boolean apiDown = refused || (io.drover.target.http.ApiCircuitBreaker.isTransientFailure(cause) && breaker.isOpen());
        if (!apiDown) {
            throw unwrapped(cause);
        }
        if (exchange.getContext().isStopping()) {
            throw ApiCallException.stopping(refused ? "the API is taken for down (its circuit breaker is open)" : unwrapped(cause).getMessage());
        }
        if (breaker.downTooLong()) {
            throw ApiCallException.downTooLong("the API has been taken for down (its circuit breaker open) for more than "
                    + breaker.maxDownMs() + " ms (drover.http.circuit-breaker.max-down-ms)"
                    + (refused ? "" : ": " + unwrapped(cause).getMessage()));
        }
        try {
            Thread.sleep(breaker.pauseMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unwrapped(cause);
        }
        exchange.setVariable(CALL_PENDING, true);
    }

    private static boolean isRefusedByTheBreaker(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    /** The ApiCallException inside whatever Camel wrapped it in, so the retry loop judges it as such. */
    private static Exception unwrapped(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiCallException api) {
                return api;
            }
        }
        return cause instanceof Exception e ? e : new IllegalStateException(cause);
    }

    /** Judges the API's answer; a 2xx makes the item MIGRATED with the status and the (bounded) response body, recorded next. */
    public void answered(@Variable(ItemPipeline.ITEM) ItemWork work, @Variable(REQUEST) ApiRequest request,
                         @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter,
                         @Body String body) {
        int code = status == null ? 0 : status;
        String shownBody = shown(work, request, body);
        if (code < 200 || code >= 300) {
            throw ApiCallException.answered(request.toString(), code, shownBody, retryAfterMs(retryAfter));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", code);
        response.put("body", shownBody);
        work.delivered(call(request, response));
        work.migrated(); // its log row follows: route migrate-item's next step, or bulk mode with its chunk's
    }

    /** The API could not be reached (refused, reset, timed out): transient, like a lost database connection. */
    public void unreachable(@Variable(REQUEST) ApiRequest request,
                            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        throw new ApiCallException(0, "the API could not be reached for " + request + ": "
                + request.credentials().scrub(ItemMigrationException.describe(cause)), 0);
    }

    /** The exchange variable that sends a verification's GET (route preview-api). */
    static final String READ_BACK = "droverApiReadBack";
    /** The "table" a verification's differences name for an API item: the resource at the item's URL. */
    public static final String RESOURCE = "api";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * A dry run: the request the item would send, secrets masked; nothing is called. A verification: the
     * headers of a GET of the item's URL, which the route sends.
     */
    public void preview(@Variable(ItemPipeline.ITEM) ItemWork work, Exchange exchange) {
        ApiRequest request = requestOf(work);
        exchange.setVariable(READ_BACK, work.isVerify());
        if (!work.isVerify()) {
            work.previewed(call(request, null));
            return;
        }
        Prepared target = prepared(work.migration());
        if (target.readUrl() == null) {
            throw new io.drover.DroverConfigException(noReadUrl(work.migration()));
        }
        String readUri = ApiRequests.build(work.migration(), target.api(), target.readUrl(), target.credentials(), work.itemId(),
                work.sourceHash(), work.target()).uri();
        ApiRequest read = new ApiRequest("GET", readUri, Map.of("Accept", "application/json"), request.credentials(), request.body());
        exchange.setVariable(REQUEST, read);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_URI, read.uri());
        read.headers().forEach(message::setHeader);
        request.headers().forEach((name, value) -> {
            if (!name.equals("Content-Type") && !name.equals("Idempotency-Key")) {
                message.setHeader(name, value);
            }
        });
        io.drover.target.http.OAuth2Tokens tokens = read.credentials().tokens();
        read.credentials().headers(tokens == null ? null : tokens.token()).forEach(message::setHeader);
    }

    /**
     * Compares what the API holds for the item with the fields the item would send: none differ is MATCH,
     * 404 or 410 is MISSING, differing fields are DIFFERENT with each field's value in the API and in the item.
     */
    public void readBack(@Variable(ItemPipeline.ITEM) ItemWork work, @Variable(REQUEST) ApiRequest read,
                         @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter,
                         @Body String body) {
        int code = status == null ? 0 : status;
        if (code == 404 || code == 410) {
            work.previewed(java.util.List.of(change(work, "insert", differences(read.body(), null, diffMaxValueLength))));
            return;
        }
        if (code < 200 || code >= 300) {
            throw ApiCallException.answered(read.toString(), code, shown(work, read, body), retryAfterMs(retryAfter));
        }
        com.fasterxml.jackson.databind.JsonNode held;
        try {
            held = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiCallException(code, "the API answered " + code + " to " + read + " with a body that is not JSON: "
                    + shown(work, read, body), 0);
        }
        Map<String, Object> differences = differences(read.body(), held, diffMaxValueLength);
        work.previewed(differences.isEmpty() ? java.util.List.of() : java.util.List.of(change(work, "update", differences)));
    }

    /** Each field sent whose value the API holds otherwise: {field: {before: API's, after: the item's}}. */
    private static Map<String, Object> differences(Map<String, Object> sent, com.fasterxml.jackson.databind.JsonNode held,
                                                   int maxValueLength) {
        com.fasterxml.jackson.databind.JsonNode item;
        try {
            item = JSON.readTree(JSON.writeValueAsString(sent)); // both sides parsed alike: 7 and 7L compare equal
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the item's body cannot be written as JSON", e);
        }
        Map<String, Object> differences = new LinkedHashMap<>();
        item.fields().forEachRemaining(field -> {
            com.fasterxml.jackson.databind.JsonNode now = held == null ? null : held.get(field.getKey());
            if (!field.getValue().equals(now)) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("before", io.drover.target.ItemDiff.bounded(plain(now), maxValueLength));
                values.put("after", io.drover.target.ItemDiff.bounded(plain(field.getValue()), maxValueLength));
                differences.put(field.getKey(), values);
            }
        });
        return differences;
    }

    private static Object plain(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }

    private static Map<String, Object> change(ItemWork work, String kind, Map<String, Object> columns) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("table", RESOURCE);
        change.put("key", "id=" + work.itemId());
        change.put("change", kind);
        change.put("columns", columns);
        return change;
    }

    /** Why verify cannot read a POST API's items back, and the line that lets it. */
    public static String noReadUrl(Migration migration) {
        return "migration '" + migration.name() + "' POSTs its items to an API: verify needs the URL of an item to read it"
                + " back; add a line 'read-url: <template>' to its api (e.g. read-url: http://crm/customers/{id})";
    }

    private Map<String, Object> call(ApiRequest request, Map<String, Object> response) {
        Map<String, Object> call = new LinkedHashMap<>();
        Map<String, Object> sent = request.shown();
        sent.put("body", request.body());
        call.put("request", sent);
        if (response != null) {
            call.put("response", response);
        }
        return call;
    }

    private ApiRequest requestOf(ItemWork work) {
        Prepared target = prepared(work.migration());
        return ApiRequests.build(work.migration(), target.api(), target.url(), target.credentials(), work.itemId(),
                work.sourceHash(), work.target());
    }

    private Prepared prepared(Migration migration) {
        return prepared.computeIfAbsent(migration.name(), name -> {
            ApiTarget api = migration.api();
            String url = url(name, "url", api.url());
            String readUrl = api.verifyUrl() == null ? null : url(name, "read-url", api.verifyUrl());
            return new Prepared(api, url, readUrl, ApiCredentials.resolve(name, api, properties, environment,
                    (clientId, clientSecret) -> tokenClient(name, api.auth(), clientId, clientSecret)));
        });
    }

    /** A URL template with its {{property}} placeholders resolved; it must then be an http(s) URL. */
    private String url(String name, String line, String template) {
        String url = resolvePlaceholders(name, line, template);
        if (!url.matches("(?i)https?://.+")) {
            throw new io.drover.DroverConfigException("migration '" + name + "', api: " + line + " '"
                    + io.drover.config.Secrets.maskUrl(url) + "' must start with http:// or https://");
        }
        return url;
    }

    private io.drover.target.http.OAuth2Tokens tokenClient(String name, ApiTarget.Auth auth, String clientId, String clientSecret) {
        String tokenUrl = resolvePlaceholders(name, "token-url", auth.tokenUrl());
        if (!tokenUrl.matches("(?i)https?://[^/?#]+.*")) {
            throw new io.drover.DroverConfigException("migration '" + name + "', api: token-url '"
                    + io.drover.config.Secrets.maskUrl(tokenUrl) + "' must start with http:// or https://");
        }
        // the token endpoint is asked with the timeouts of Camel's HTTP component, which the API's calls use
        return new io.drover.target.http.OAuth2Tokens(name, tokenUrl, clientId, clientSecret, auth.scope(), auth.clientInForm(),
                java.time.Duration.ofMillis(millis("camel.component.http.connect-timeout", 10_000)),
                java.time.Duration.ofMillis(millis("camel.component.http.response-timeout", 30_000)));
    }

    private long millis(String key, long fallback) {
        String value = properties.apply(key);
        try {
            long ms = value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
            return ms > 0 ? ms : fallback;
        } catch (NumberFormatException notMillis) {
            return fallback; // Camel reports its own setting's bad value
        }
    }

    private String resolvePlaceholders(String name, String line, String text) {
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{\\{([^}]+)}}").matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String value = properties.apply(placeholder.group(1));
            if (value == null) {
                throw new io.drover.DroverConfigException("migration '" + name + "', api: the " + line + "'s property {{"
                        + placeholder.group(1) + "}} is not set");
            }
            placeholder.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(resolved).toString();
    }

    /**
     * An answer as the log and messages show it: bounded, the credentials scrubbed, and any value of the
     * item's sensitive columns the API quotes (an echo of what it was sent) masked.
     */
    private String shown(ItemWork work, ApiRequest request, String body) {
        // masked before it is cut: a secret across the cut would otherwise leave its first characters
        String shown = request.credentials().scrub(body);
        java.util.Set<String> sensitive = work.migration().sensitiveColumns();
        if (!sensitive.isEmpty()) {
            shown = Masking.scrubValues(shown, request.body(), sensitive);
            shown = work.getSource() == null ? shown : Masking.scrubValues(shown, work.getSource().toMap(), sensitive);
        }
        return bounded(shown);
    }

    private String bounded(String body) {
        if (body == null || body.length() <= loggedBodyLength) {
            return body;
        }
        return body.substring(0, loggedBodyLength) + "… (" + body.length() + " characters)";
    }

    /** Retry-After in seconds or as an HTTP date; 0 when absent or unreadable. */
    static long retryAfterMs(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.Instant at = java.time.ZonedDateTime.parse(value.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, java.time.Duration.between(java.time.Instant.now(), at).toMillis());
            } catch (java.time.format.DateTimeParseException unreadable) {
                return 0;
            }
        }
    }
}
