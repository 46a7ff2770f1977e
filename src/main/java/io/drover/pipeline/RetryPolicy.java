package io.drover.pipeline;

/**
 * Which failures are worth another try, and how long to wait: those {@link TransientFailure} classifies by
 * SQLSTATE (a lost connection, a server restart, a serialization failure or deadlock, exhausted resources).
 * Everything else fails at once, since trying again would fail the same way.
 *
 * @param attempts         tries per item in all (1 = no retry)
 * @param delayMs          wait before the first retry; doubled for each further one
 * @param onConnectionLost run before a retry after a lost connection (e.g. to replace the pools' connections)
 */
public record RetryPolicy(int attempts, long delayMs, Runnable onConnectionLost) {

    public RetryPolicy(int attempts, long delayMs) {
        this(attempts, delayMs, () -> { });
    }

    /** The same policy, running {@code action} whenever a failure of a lost connection is about to be retried. */
    public RetryPolicy onConnectionLost(Runnable action) {
        return new RetryPolicy(attempts, delayMs, action);
    }

    public boolean shouldRetry(Throwable failure, int triesSoFar) {
        if (triesSoFar >= attempts) {
            return false;
        }
        java.util.Optional<TransientFailure> transientFailure = TransientFailure.of(failure);
        if (transientFailure.isPresent() && transientFailure.get() == TransientFailure.CONNECTION_LOST) {
            onConnectionLost.run();
        }
        return transientFailure.isPresent();
    }

    public long delayBefore(int retry) {
        return delayMs * (1L << Math.min(retry - 1, 10));
    }

    /** The longest wait an API's Retry-After gets: a worker waits it out, and holds its item meanwhile. */
    public static final long MAX_RETRY_AFTER_MS = 60_000;

    /** The backoff before a retry, or longer where an API's Retry-After asks for more (up to a minute). */
    public long delayBefore(Throwable failure, int retry) {
        long backoff = delayBefore(retry);
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof io.drover.target.http.ApiCallException api) {
                return Math.max(backoff, Math.min(api.retryAfterMs(), MAX_RETRY_AFTER_MS));
            }
        }
        return backoff;
    }

    /** Runs {@code work}, trying again after each transient failure while tries are left. */
    public <T> T call(java.util.function.Supplier<T> work) {
        for (int tries = 1; ; tries++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!shouldRetry(e, tries)) {
                    throw e;
                }
                try {
                    Thread.sleep(delayBefore(e, tries));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public static boolean isTransient(Throwable failure) {
        return TransientFailure.of(failure).isPresent();
    }
}
