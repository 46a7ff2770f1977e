package io.drover.target.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One item's request to its HTTP target, as it is sent. {@link #shown()} is the form for anything printed or
 * logged: secret headers masked, credentials in the URL masked.
 *
 * @param headers     the plain headers (Content-Type, declared ones, Idempotency-Key)
 * @param credentials the secret headers, kept apart so that nothing printable holds them
 * @param body        the JSON body as a map, before it is marshalled
 */
public record ApiRequest(String method, String uri, Map<String, String> headers, ApiCredentials credentials,
                         Map<String, Object> body) {

    /** Method, URL and headers for printing or logging; secret values are masked. */
    public Map<String, Object> shown() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("method", method);
        shown.put("url", io.drover.config.Secrets.maskUrl(uri));
        Map<String, String> all = new LinkedHashMap<>(headers);
        credentials.names().forEach(h -> all.put(h, ApiCredentials.MASK));
        shown.put("headers", all);
        return shown;
    }

    @Override
    public String toString() {
        return method + " " + io.drover.config.Secrets.maskUrl(uri);
    }
}
