package io.drover.pipeline;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which item failures are worth another try, and how long to wait: a lost or refused connection, a
 * database shutting down or restarting, a deadlock or serialization failure. Bad data, constraint
 * violations and lock or statement timeouts fail at once, since trying again would fail the same way.
 *
 * @param attempts tries per item in all (1 = no retry)
 * @param delayMs  wait before the first retry; doubled for each further one
 */
public record RetryPolicy(int attempts, long delayMs, Runnable onTransientFailure) {

    public RetryPolicy(int attempts, long delayMs) {
        this(attempts, delayMs, () -> { });
    }

    /** The same policy, running {@code action} whenever a transient failure is about to be retried. */
    public RetryPolicy onTransientFailure(Runnable action) {
        return new RetryPolicy(attempts, delayMs, action);
    }

    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "53300");

    public boolean shouldRetry(Throwable failure, int triesSoFar) {
        boolean retry = triesSoFar < attempts && isTransient(failure);
        if (retry) {
            onTransientFailure.run();
        }
        return retry;
    }

    public long delayBefore(int retry) {
        return delayMs * (1L << Math.min(retry - 1, 10));
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
                    Thread.sleep(delayBefore(tries));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean isClosedConnectionMessage(String message) {
        return message != null && (message.equals("Connection is closed") || message.startsWith("This connection has been closed"));
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ItemDataException || t instanceof java.sql.SQLTimeoutException
                    || t instanceof com.fasterxml.jackson.core.JacksonException) {
                // bad data fails the same way again (a value Jackson cannot write is an IOException, yet no
                // network's); a timeout already waited long enough
                return false;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof org.springframework.dao.RecoverableDataAccessException
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
            // HikariCP's closed connection and pgjdbc's carry no SQLState
            if (t instanceof SQLException && isClosedConnectionMessage(t.getMessage())) {
                return true;
            }
            // a failed rollback hides the failure that caused it: Spring keeps that one aside
            if (t instanceof org.springframework.transaction.TransactionSystemException tx
                    && tx.getApplicationException() != null && isTransient(tx.getApplicationException())) {
                return true;
            }
        }
        return false;
    }
}
