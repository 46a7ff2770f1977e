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

    public ApiCallException(int status, String message, long retryAfterMs) {
        super(message);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
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
        return isTransient(status);
    }

    public static boolean isTransient(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
