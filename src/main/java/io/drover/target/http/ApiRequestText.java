package io.drover.target.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A dry run's request as printed: method and URL, the headers (secrets already masked), the JSON body, bounded. */
public final class ApiRequestText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiRequestText() {
    }

    /** @param call a dry run's record of an API item: {@code {request: {method, url, headers, body}}} */
    public static String render(Map<?, ?> call, int maxBodyLength) {
        Map<?, ?> request = call.get("request") instanceof Map<?, ?> r ? r : Map.of();
        StringBuilder text = new StringBuilder().append(request.get("method")).append(' ').append(request.get("url")).append('\n');
        if (request.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((name, value) -> text.append("      ").append(name).append(": ").append(value).append('\n'));
        }
        String body;
        try {
            body = JSON.writeValueAsString(request.get("body"));
        } catch (JsonProcessingException e) {
            body = String.valueOf(request.get("body"));
        }
        if (body.length() > maxBodyLength) {
            body = body.substring(0, maxBodyLength) + "… (" + body.length() + " characters)";
        }
        return text.append("      ").append(body).append('\n').toString();
    }
}
