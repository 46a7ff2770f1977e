package io.drover.target.http;

import io.drover.migration.Migration;
import io.drover.pipeline.TargetItem;
import io.drover.target.JdbcValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Builds an item's request from the converter's output: the body row (the declared table's single row,
 * or the first table's) with every other table's rows as a list under the table's name; the URL template
 * filled from the body row; an Idempotency-Key for POST, the same for every try of the same source.
 */
public final class ApiRequests {

    private ApiRequests() {
    }

    /**
     * @param url        the URL template with its property placeholders resolved
     * @param sourceHash the item's source hash: a POST of a changed item is a new request, a retry the same one
     */
    public static ApiRequest build(Migration migration, ApiTarget api, String url, ApiCredentials credentials,
                                   String itemId, String sourceHash, TargetItem item) {
        Map<String, Object> body = body(migration.name(), api, item);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.putAll(api.headers());
        if (api.method().equals("POST")) {
            headers.put("Idempotency-Key", idempotencyKey(migration.name(), itemId, sourceHash));
        }
        return new ApiRequest(api.method(), expand(migration.name(), url, itemId, body), headers, credentials, body);
    }

    /** sha256 of migration, item id and source hash: the same item with the same source is the same request. */
    public static String idempotencyKey(String migration, String itemId, String sourceHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.join("\u0000", migration, itemId, String.valueOf(sourceHash)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> body(String migration, ApiTarget api, TargetItem item) {
        Map<String, List<Map<String, Object>>> tables = item.asMap();
        if (tables.isEmpty()) {
            throw new IllegalStateException("the converter of migration '" + migration + "' gave no row to send");
        }
        String root = api.bodyTable() != null ? api.bodyTable() : tables.keySet().iterator().next();
        List<Map<String, Object>> rows = item.rows(root);
        if (rows.size() != 1) {
            throw new IllegalStateException("the converter of migration '" + migration + "' gave " + rows.size() + " rows of "
                    + root + "; the body of the API's request is exactly one row (api: 'body: <table>' names which table)");
        }
        Map<String, Object> body = JdbcValues.row(rows.get(0));
        tables.forEach((table, children) -> {
            if (!table.equals(root)) {
                body.put(table, JdbcValues.rows(children));
            }
        });
        return body;
    }

    private static String expand(String migration, String url, String itemId, Map<String, Object> body) {
        Matcher m = ApiTarget.FIELD.matcher(url);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            String field = m.group(1);
            Object value = field.equals("itemId") ? itemId : body.get(field.toLowerCase(java.util.Locale.ROOT));
            if (value == null) {
                throw new IllegalStateException("the URL of migration '" + migration + "' names {" + field
                        + "}, which the body has no value for; its fields: " + body.keySet());
            }
            m.appendReplacement(expanded, Matcher.quoteReplacement(
                    URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        return m.appendTail(expanded).toString();
    }
}
