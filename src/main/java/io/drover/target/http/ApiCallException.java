package io.drover.target.http;

/**
 * An HTTP target's answer other than 2xx, or no answer at all. 408, 429 and 5xx are transient (worth another
 * try after a backoff, at least as long as the API's Retry-After); any other 4xx fails the item at once, with
 * the API's own error message.
 *
 * @param status       the HTTP status, or 0 when the API could not be reached
 * @param retryAfterMs what the API's Retry-After header asks for, or 0
 */
public final class ApiCallException extends RuntimeException {

    private final int status;
    private final long retryAfterMs;
    /** True when no further try is to be made, whatever the status: the process is stopping. */
    private final boolean final_;

    public ApiCallException(int status, String message, long retryAfterMs) {
        this(status, message, retryAfterMs, false);
    }

    private ApiCallException(int status, String message, long retryAfterMs, boolean final_) {
        super(message);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
        this.final_ = final_;
    }

    /**
     * The failure of an item that waited for an API taken for down while the process stops: not tried again
     * in this process (its tries would only delay the stop); the next run sends it.
     */
    public static ApiCallException stopping(String why) {
        return new ApiCallException(0, why + "; Drover is stopping, the item is left for the next run", 0, true);
    }

    /**
     * The failure of an item that waited for an API taken for down longer than the breaker's bound: not tried
     * again in this run (every try would wait as long); --retry-failed sends it once the API is back.
     */
    public static ApiCallException downTooLong(String why) {
        return new ApiCallException(0, why + "; the item is left for --retry-failed", 0, true);
    }

    /** The failure for a non-2xx answer; {@code body} is the API's error, already bounded and scrubbed. */
    public static ApiCallException answered(String request, int status, String body, long retryAfterMs) {
        return new ApiCallException(status, "the API answered " + status + " to " + request
                + (body == null || body.isBlank() ? "" : ": " + body.replaceAll("\\s+", " ").trim()), retryAfterMs);
    }

    public int status() {
        return status;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }

    /** 408, 429, 5xx, or no answer: the API may take the same request a moment later. */
    public boolean isTransient() {
        return !final_ && isTransient(status);
    }

    public static boolean isTransient(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
