package io.drover.target.http;

import io.drover.DroverConfigException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.function.Function;

/**
 * The circuit breaker around the calls of HTTP targets (drover.http.circuit-breaker.*), which route call-api
 * uses through Camel's resilience4j EIP: once a share of the last calls failed transiently (408, 429, 5xx,
 * no answer) it opens, and items wait for it to half-open instead of spending their tries on an API that is down.
 */
public final class ApiCircuitBreaker {

    /** The registry name of the resilience4j breaker that route call-api refers to. */
    public static final String BEAN = "apiCircuitBreaker";

    private final CircuitBreaker breaker;
    private final long waitMs;
    private final long maxDownMs;
    /** When the breaker left CLOSED for OPEN (System.nanoTime), or null while it is closed. */
    private final java.util.concurrent.atomic.AtomicReference<Long> downSince = new java.util.concurrent.atomic.AtomicReference<>();

    private ApiCircuitBreaker(CircuitBreaker breaker, long waitMs, long maxDownMs) {
        this.breaker = breaker;
        this.waitMs = waitMs;
        this.maxDownMs = maxDownMs;
        // the API is down from the first opening until the breaker closes again: half-open tests that fail do not restart the clock
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                downSince.compareAndSet(null, System.nanoTime());
            } else if (to == CircuitBreaker.State.CLOSED || to == CircuitBreaker.State.DISABLED) {
                downSince.set(null);
            }
        });
    }

    /** Reads drover.http.circuit-breaker.*; a bad value is a configuration error. */
    public static ApiCircuitBreaker of(Function<String, String> properties) {
        boolean enabled = Boolean.parseBoolean(value(properties, "enabled", "true"));
        int rate = number(properties, "failure-rate-percent", 50, 1, 100);
        int window = number(properties, "window-calls", 20, 1, 10_000);
        int minimum = number(properties, "minimum-calls", 10, 1, 10_000);
        int wait = number(properties, "open-ms", 5000, 1, 3_600_000);
        int probes = number(properties, "half-open-calls", 2, 1, 1000);
        int maxDown = number(properties, "max-down-ms", 600_000, 0, Integer.MAX_VALUE);
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(rate)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimum)
                .waitDurationInOpenState(Duration.ofMillis(wait))
                .permittedNumberOfCallsInHalfOpenState(probes)
                // the steps inside the breaker throw only for transient failures: each is a failure of the API
                .recordException(ApiCircuitBreaker::isTransientFailure)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("drover-api", config);
        if (!enabled) {
            breaker.transitionToDisabledState();
        }
        return new ApiCircuitBreaker(breaker, wait, maxDown);
    }

    /** A transient failure of a call, however Camel wrapped it. */
    public static boolean isTransientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiCallException api) {
                return api.isTransient();
            }
        }
        return false;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** True while calls are refused: the API is taken for down until the breaker half-opens. */
    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * True while the breaker is open and the API has been taken for down (never closed since the breaker first
     * opened) for longer than drover.http.circuit-breaker.max-down-ms: items stop waiting and fail, so a run
     * against an API that does not come back ends, and --retry-failed sends them later. 0: wait until stopped.
     */
    public boolean downTooLong() {
        Long since = downSince.get();
        // only while OPEN: half-open, test calls are on their way and may find the API back
        return maxDownMs > 0 && since != null && isOpen() && System.nanoTime() - since >= maxDownMs * 1_000_000L;
    }

    /** drover.http.circuit-breaker.max-down-ms, for the items' messages. */
    public long maxDownMs() {
        return maxDownMs;
    }

    /** How long an item waits before it asks the breaker again: a fraction of its open time, so it half-opens on time. */
    public long pauseMs() {
        return Math.max(20, Math.min(250, waitMs / 4));
    }

    private static String value(Function<String, String> properties, String key, String fallback) {
        String value = properties.apply("drover.http.circuit-breaker." + key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int number(Function<String, String> properties, String key, int fallback, int min, int max) {
        String text = value(properties, key, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new DroverConfigException("drover.http.circuit-breaker." + key + " must be a whole number from " + min + " to " + max
                + ", got '" + text + "'");
    }
}
