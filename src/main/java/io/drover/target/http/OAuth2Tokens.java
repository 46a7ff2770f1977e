package io.drover.target.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens of one API's OAuth2 client credentials (RFC 6749 §4.4): asked for with a form-encoded
 * POST to the token endpoint, the client authenticated with HTTP Basic (§2.3.1), or with its id and secret in
 * the form for endpoints that ask for that (client_secret_post, {@code client-auth: post}), reused by every call until
 * shortly before {@code expires_in}, and asked for anew when the API refuses the token it was given.
 * <p>
 * Camel's own OAuth2 support in camel-http 4.18 is not used: it caches one token per request URI (every item
 * URL would get a token of its own), does not ask again when the API answers 401, and reports a refusing token
 * endpoint as an I/O error, which Drover would take for a transient failure rather than a configuration error.
 */
public final class OAuth2Tokens {

    /** A token is renewed this long before it expires (at most), so that no call carries one expiring in flight. */
    private static final long MARGIN_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String migration;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final boolean clientInForm;
    private final Duration timeout;
    private final HttpClient http;
    /** Every token handed out, so that an API echoing one back cannot put it in the log. */
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    private Token current;

    /** A token and the number of the request that brought it: a 401 renews only the token it refused. */
    public record Token(String value, long generation, long validUntilNanos) {
    }

    public OAuth2Tokens(String migration, String tokenUrl, String clientId, String clientSecret, String scope,
                        boolean clientInForm, Duration connectTimeout, Duration timeout) {
        this.migration = migration;
        this.tokenUrl = URI.create(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clientInForm = clientInForm;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The token to send: the cached one while it is valid, else a new one from the token endpoint. */
    public synchronized Token token() {
        if (current == null || System.nanoTime() >= current.validUntilNanos()) {
            current = fetch(current == null ? 1 : current.generation() + 1);
        }
        return current;
    }

    /**
     * A new token after the API refused the one of {@code refused}: fetched once however many calls were
     * refused with that same token at the same time.
     */
    public synchronized Token renew(long refused) {
        if (current == null || current.generation() == refused) {
            current = fetch(refused + 1);
        }
        return current;
    }

    /** The tokens handed out so far and the client secret: what must never show. */
    Set<String> secrets() {
        Set<String> all = new java.util.HashSet<>(issued);
        all.add(clientSecret);
        return all;
    }

    /** The token endpoint's host: the only part of it a message names (its query could carry a secret). */
    public String host() {
        return tokenUrl.getHost() + (tokenUrl.getPort() > 0 ? ":" + tokenUrl.getPort() : "");
    }

    private Token fetch(long generation) {
        String form = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + encode(scope))
                + (clientInForm ? "&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret) : "");
        HttpRequest.Builder builder = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (!clientInForm) {
            String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
            builder.header("Authorization", "Basic " + basic);
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(form)).build();
        long asked = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiCallException(0, "the token endpoint at " + host() + " could not be reached: " + e.getClass().getSimpleName(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException(0, "interrupted while asking the token endpoint at " + host() + " for a token", 0);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            // RFC 6749 §5.2: the error code is a fixed word (invalid_client, …); its description could quote anything
            throw new ApiCallException(status, "migration '" + migration
                    + "', api: the token endpoint at " + host() + " answered " + status + " to the client credentials"
                    + errorCode(response.body()), 0);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        JsonNode token = body == null ? null : body.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw new ApiCallException(TOKEN_REFUSED, "migration '" + migration + "', api: the token endpoint at " + host()
                    + " answered " + status + " without an access_token", 0);
        }
        issued.add(token.asText());
        JsonNode expiresIn = body.get("expires_in");
        long lifetimeMs = expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong() * 1000 : Long.MAX_VALUE / 4;
        long margin = Math.min(MARGIN_MS, lifetimeMs / 10);
        return new Token(token.asText(), generation, asked + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(lifetimeMs - margin));
    }

    /** The status an item fails with when the token endpoint refuses: a 4xx, so the item fails at once. */
    public static final int TOKEN_REFUSED = 401;

    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).get("error");
            return error != null && error.asText().matches("[a-z_]{1,40}") ? " (" + error.asText() + ")" : "";
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth2Tokens[" + host() + "]";
    }
}
