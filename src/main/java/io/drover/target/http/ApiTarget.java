package io.drover.target.http;

import io.drover.DroverConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration's HTTP target as declared by its template parameter {@code api}: one request per item,
 * built from the converter's output. Secrets are declared by where they come from (an environment
 * variable or a property), never by value, so the declaration itself can be printed and hashed.
 *
 * <pre>
 * method: PUT                                  # PUT (default) or POST (then with an Idempotency-Key header)
 * url: {{crm.url}}/customers/{id}              # {field}: a field of the body row, URL-encoded; {itemId}: the item's id
 * read-url: {{crm.url}}/customers?ref={itemId} # where verify GETs the item (default: url, for PUT; POST needs it)
 * body: customer                               # the converter's table whose row is the JSON body (default: its first)
 * header X-Tenant: acme                        # a plain header
 * secret-header X-Api-Key: env:CRM_API_KEY     # a header whose value comes from the environment or a property, masked
 * auth: bearer env:CRM_TOKEN                   # or: basic crm.user env:CRM_PASSWORD
 * auth: oauth2 env:CRM_CLIENT_ID env:CRM_CLIENT_SECRET   # or OAuth2 client credentials, with these two lines:
 * token-url: {{crm.token-url}}                 # where the access token is asked for (RFC 6749 §4.4)
 * scope: crm.write                             # optional
 * client-auth: post                            # optional: the client in the form (client_secret_post), not in HTTP Basic
 * </pre>
 *
 * @param readUrl       the URL template verify reads an item at, or null: a PUT API's item is read at its url
 * @param headers       plain headers, printed as they are
 * @param secretHeaders header name → where its value comes from ({@code env:NAME} or a property key)
 * @param auth          the Authorization scheme and where its secrets come from, or null
 */
public record ApiTarget(String method, String url, String readUrl, String bodyTable, Map<String, String> headers,
                        Map<String, String> secretHeaders, Auth auth) {

    /**
     * How the Authorization header is made: bearer from one secret, basic from a user and a password, oauth2
     * from a client id and a client secret exchanged at {@code tokenUrl} for an access token.
     *
     * @param tokenUrl the token endpoint of oauth2 (placeholders not yet resolved), else null
     * @param scope    the scope oauth2 asks for, or null
     * @param clientInForm oauth2's client id and secret go in the token request's form (RFC 6749 §2.3.1
     *                 client_secret_post), for token endpoints that take no HTTP Basic; else in HTTP Basic
     */
    public record Auth(String scheme, List<String> references, String tokenUrl, String scope, boolean clientInForm) {

        public boolean isOAuth2() {
            return scheme.equals("oauth2");
        }
    }

    private static final Pattern LINE = Pattern.compile("(method|url|read-url|body|auth|token-url|scope|client-auth|header|secret-header)(?:\\s+([A-Za-z0-9!#$%&'*+.^_`|~-]+))?\\s*:\\s*(.*)");
    /** {name} in a URL template: a single-braced word, not part of Camel's {{placeholders}}. */
    static final Pattern FIELD = Pattern.compile("(?<!\\{)\\{([A-Za-z_][A-Za-z0-9_]*)}(?!})");

    /** Parses the {@code api} parameter of migration {@code name}; null when it is blank. */
    public static ApiTarget parse(String name, String declaration) {
        if (declaration == null || declaration.isBlank()) {
            return null;
        }
        String method = "PUT";
        String url = null;
        String readUrl = null;
        String body = null;
        Auth auth = null;
        String tokenUrl = null;
        String scope = null;
        String clientAuth = null;
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> secretHeaders = new LinkedHashMap<>();
        for (String raw : declaration.split("\\n")) {
            String line = raw.replaceFirst("\\s+#.*$", "").trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || (m.group(2) != null) != m.group(1).endsWith("header")) {
                throw new DroverConfigException("migration '" + name + "', api: cannot read '" + line + "'; expected 'method: PUT|POST',"
                        + " 'url: <template>', 'body: <table>', 'header <Name>: <value>', 'secret-header <Name>: env:<VAR>|<property>'"
                        + " or 'auth: bearer <secret>' / 'auth: basic <user> <password>' / 'auth: oauth2 <client-id> <client-secret>'"
                        + " with 'token-url: <url>', 'scope: <scope>' and 'client-auth: basic|post'");
            }
            String value = m.group(3).trim();
            switch (m.group(1)) {
                case "method" -> {
                    method = value.toUpperCase(Locale.ROOT);
                    if (!method.equals("PUT") && !method.equals("POST")) {
                        throw new DroverConfigException("migration '" + name + "', api: method '" + value
                                + "' is not supported; use PUT (an item's own URL) or POST (sent with an Idempotency-Key header)");
                    }
                }
                case "url" -> url = value;
                case "read-url" -> readUrl = value;
                case "body" -> body = value;
                case "token-url" -> tokenUrl = value;
                case "scope" -> scope = value.isEmpty() ? null : value;
                case "client-auth" -> {
                    clientAuth = value.toLowerCase(Locale.ROOT);
                    if (!clientAuth.equals("basic") && !clientAuth.equals("post")) {
                        throw new DroverConfigException("migration '" + name + "', api: client-auth '" + value + "' is not supported;"
                                + " use basic (the client in HTTP Basic, the default) or post (client_id and client_secret in the form)");
                    }
                }
                case "header" -> headers.put(m.group(2), value);
                case "secret-header" -> secretHeaders.put(m.group(2), reference(name, value));
                default -> auth = auth(name, value);
            }
        }
        if (url == null || url.isEmpty()) {
            throw new DroverConfigException("migration '" + name + "', api: no 'url: <template>' line, e.g. 'url: http://crm/customers/{id}'");
        }
        for (String template : readUrl == null ? List.of(url) : List.of(url, readUrl)) {
            if (!template.matches("(?i)(https?://|\\{\\{).*")) {
                throw new DroverConfigException("migration '" + name + "', api: url '" + template + "' must start with http:// or https://");
            }
        }
        for (String header : headers.keySet()) {
            if (header.equalsIgnoreCase("Authorization")) {
                throw new DroverConfigException("migration '" + name + "', api: declare the Authorization header with 'auth:', whose secrets"
                        + " come from the environment or a property and are never printed");
            }
        }
        if (auth != null && auth.isOAuth2()) {
            if (tokenUrl == null || !tokenUrl.matches("(?i)(https?://|\\{\\{).+")) {
                throw new DroverConfigException("migration '" + name + "', api: 'auth: oauth2' needs a 'token-url: <url>' line"
                        + " starting with http:// or https://, where the access token is asked for");
            }
            auth = new Auth(auth.scheme(), auth.references(), tokenUrl, scope, "post".equals(clientAuth));
        } else if (tokenUrl != null || scope != null || clientAuth != null) {
            throw new DroverConfigException("migration '" + name + "', api: 'token-url', 'scope' and 'client-auth' belong to"
                    + " 'auth: oauth2 <client-id> <client-secret>'");
        }
        return new ApiTarget(method, url, readUrl, body, Map.copyOf(headers), Map.copyOf(secretHeaders), auth);
    }

    /** The URL template verify reads an item at: read-url, or a PUT API's own url; null when there is none (POST). */
    public String verifyUrl() {
        return readUrl != null ? readUrl : method.equals("PUT") ? url : null;
    }

    /** The fields a URL template names, in order. */
    public List<String> urlFields() {
        return FIELD.matcher(url).results().map(r -> r.group(1)).toList();
    }

    private static Auth auth(String name, String value) {
        String[] words = value.split("\\s+");
        String scheme = words[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("bearer") && words.length == 2) {
            return new Auth(scheme, List.of(reference(name, words[1])), null, null, false);
        }
        if ((scheme.equals("basic") || scheme.equals("oauth2")) && words.length == 3) {
            return new Auth(scheme, List.of(reference(name, words[1]), reference(name, words[2])), null, null, false);
        }
        throw new DroverConfigException("migration '" + name + "', api: cannot read auth '" + words[0] + " …'; expected"
                + " 'auth: bearer <secret>', 'auth: basic <user> <password>' or 'auth: oauth2 <client-id> <client-secret>',"
                + " each an environment variable (env:NAME) or a property key");
    }

    /** A secret's source: env:NAME or a property key; a value in the declaration itself would be printed with it. */
    private static String reference(String name, String value) {
        if (!value.matches("env:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+")) {
            throw new DroverConfigException("migration '" + name + "', api: a secret is named by where it comes from,"
                    + " an environment variable (env:NAME) or a dotted property key (crm.token), never written in the migration");
        }
        return value;
    }
}
