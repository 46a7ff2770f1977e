package io.drover.target.http;

import io.drover.DroverConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The secret headers of an HTTP target with their values, read once from the environment or the
 * properties. Only {@link #headers()} hands the values out, to the request about to be sent; everything
 * printable about them is masked.
 */
public final class ApiCredentials {

    public static final String MASK = "****";

    private final Map<String, String> headers;
    /** The raw secrets and the header values made of them, longest first, to scrub from anything shown. */
    private final java.util.List<String> secrets;
    /** OAuth2 client credentials: the Authorization header carries their current access token; else null. */
    private final OAuth2Tokens tokens;

    private ApiCredentials(Map<String, String> headers, java.util.Collection<String> raw, OAuth2Tokens tokens) {
        this.headers = headers;
        this.tokens = tokens;
        java.util.Set<String> all = new java.util.TreeSet<>(java.util.Comparator.comparingInt(String::length).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        all.addAll(raw);
        all.addAll(headers.values());
        headers.values().forEach(v -> all.add(v.replaceFirst("^(Bearer|Basic) ", "")));
        this.secrets = java.util.List.copyOf(all);
    }

    /** No secrets: a target without auth and secret headers. */
    public static final ApiCredentials NONE = new ApiCredentials(Map.of(), java.util.List.of(), null);

    /**
     * Resolves the secrets of {@code target}.
     * @param properties a property's value, or null when it is not set
     * @param environment an environment variable's value, or null
     * @throws DroverConfigException when a secret is not set; the message names an environment variable, never
     *                               a property key (a key may be a mistyped secret)
     */
    public static ApiCredentials resolve(String migration, ApiTarget target, Function<String, String> properties,
                                         Function<String, String> environment) {
        return resolve(migration, target, properties, environment, null);
    }

    /**
     * The same, for a target whose auth may be oauth2.
     * @param tokenClient makes the token client of oauth2 from the client id and secret (null otherwise)
     */
    public static ApiCredentials resolve(String migration, ApiTarget target, Function<String, String> properties,
                                         Function<String, String> environment,
                                         java.util.function.BiFunction<String, String, OAuth2Tokens> tokenClient) {
        OAuth2Tokens tokens = null;
        Map<String, String> headers = new LinkedHashMap<>();
        java.util.List<String> raw = new java.util.ArrayList<>();
        Function<String, String> read = reference -> {
            String value = secret(migration, reference, properties, environment);
            raw.add(value);
            return value;
        };
        if (target.auth() != null) {
            if (target.auth().isOAuth2()) {
                tokens = tokenClient.apply(read.apply(target.auth().references().get(0)), read.apply(target.auth().references().get(1)));
            } else if (target.auth().scheme().equals("bearer")) {
                headers.put("Authorization", "Bearer " + read.apply(target.auth().references().get(0)));
            } else {
                String user = read.apply(target.auth().references().get(0));
                String password = read.apply(target.auth().references().get(1));
                headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
        }
        target.secretHeaders().forEach((header, reference) ->
                headers.put(header, read.apply(reference)));
        return new ApiCredentials(Map.copyOf(headers), raw, tokens);
    }

    private static String secret(String migration, String reference, Function<String, String> properties,
                                 Function<String, String> environment) {
        boolean env = reference.startsWith("env:");
        String value = env ? environment.apply(reference.substring(4)) : properties.apply(reference);
        if (value == null || value.isBlank()) {
            throw new DroverConfigException("migration '" + migration + "', api: a secret of its auth or secret headers is not set: "
                    + (env ? "the environment variable " + reference.substring(4) + " is not set"
                    : "the property it names is not set (set it in the configuration, or name an environment variable as env:NAME)"));
        }
        return value;
    }

    /**
     * The secret headers with their values: only for the request being sent. With OAuth2, the Authorization
     * header carries {@code token}'s value.
     */
    public Map<String, String> headers(OAuth2Tokens.Token token) {
        if (token == null) {
            return headers;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Bearer " + token.value());
        return all;
    }

    /** The names of the secret headers, to show them masked; no secret is read or asked for. */
    public java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (tokens != null) {
            names.add("Authorization");
        }
        names.addAll(headers.keySet());
        return names;
    }

    /** The OAuth2 token client, or null when the target does not use OAuth2. */
    public OAuth2Tokens tokens() {
        return tokens;
    }

    /** The text with every secret masked: an API may echo a header back in its error, a connection error quote a URL. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = scrub(text, secrets);
        return tokens == null ? scrubbed : scrub(scrubbed, tokens.secrets());
    }

    private static String scrub(String text, java.util.Collection<String> secrets) {
        String scrubbed = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) { // a secret of 3 characters or less would mask every such word
                scrubbed = scrubbed.replace(secret, MASK);
            }
        }
        return scrubbed;
    }

    @Override
    public String toString() {
        Map<String, String> masked = new LinkedHashMap<>();
        names().forEach(h -> masked.put(h, MASK));
        return masked.toString();
    }
}
