package io.drover.target.http;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Turns off Apache HttpClient's own retries on Drover's API endpoint: by default it sends a PUT again, once,
 * after a 503 or a 429, unseen by Drover. Every try must go through Drover's retry loop and circuit breaker,
 * which count it, honor Retry-After and log it.
 */
public final class NoAutomaticRetries implements HttpClientConfigurer {

    /** The registry name route call-api's endpoints refer to. */
    public static final String BEAN = "apiHttpClientConfigurer";

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }
}
