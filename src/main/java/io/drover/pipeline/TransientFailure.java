package io.drover.pipeline;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * The failures worth another try, told by the database's SQLSTATE: a lost or refused connection (class 08),
 * a server shutting down or restarting (57P01–57P03), a serialization failure or deadlock (40001, 40P01)
 * and exhausted resources (class 53). Every other SQLSTATE (a constraint, bad data, an unsupported feature,
 * a timeout) fails the same way again, and so does a failure without one. For an HTTP target, the API's
 * 408, 429 and 5xx and an API that cannot be reached are worth another try too.
 */
public enum TransientFailure {

    /** The connection is gone: the pools' connections to that server are most likely dead too. */
    CONNECTION_LOST,
    /** The transaction lost a race with another one; the connection is fine. */
    CONFLICT,
    /** The server ran short of memory, disk or connections; the connection is fine. */
    RESOURCES,
    /** An HTTP target answered 408, 429 or 5xx, or could not be reached. */
    API_UNAVAILABLE;

    private static final Set<String> SHUTDOWN = Set.of("57P01", "57P02", "57P03");
    private static final Set<String> CONFLICTS = Set.of("40001", "40P01");
    /** HikariCP's error for a connection it closed as broken carries no SQLSTATE; it is 08003 in substance. */
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    /** The class of a SQLSTATE that is worth another try, or empty. */
    public static Optional<TransientFailure> ofState(String sqlState) {
        if (sqlState == null) {
            return Optional.empty();
        }
        if (sqlState.startsWith("08") || SHUTDOWN.contains(sqlState)) {
            return Optional.of(CONNECTION_LOST);
        }
        if (CONFLICTS.contains(sqlState)) {
            return Optional.of(CONFLICT);
        }
        return sqlState.startsWith("53") ? Optional.of(RESOURCES) : Optional.empty();
    }

    /**
     * The class of a failure worth another try, or empty. The first SQLSTATE along the cause chain decides;
     * where a rollback failed after the failure, the failure that caused the rollback decides.
     */
    public static Optional<TransientFailure> of(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ItemDataException) {
                return Optional.empty();
            }
            if (t instanceof io.drover.target.http.ApiCallException api) {
                return api.isTransient() ? Optional.of(API_UNAVAILABLE) : Optional.empty();
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException tx && tx.getApplicationException() != null) {
                return of(tx.getApplicationException());
            }
            if (t instanceof SQLException sql) {
                String state = stateOf(sql);
                if (state != null) {
                    return ofState(state);
                }
                // a pool that could not hand out a connection in time: no SQLSTATE, JDBC's class 08 by type
                if (sql instanceof SQLTransientConnectionException || POOL_CLOSED_CONNECTION.equals(sql.getMessage())) {
                    return Optional.of(CONNECTION_LOST);
                }
            }
        }
        return Optional.empty();
    }

    /** A batch's own SQLSTATE, or that of the statement in it that failed. */
    private static String stateOf(SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
            if (e.getSQLState() != null) {
                return e.getSQLState();
            }
            if (e.getNextException() == e) {
                break;
            }
        }
        return null;
    }
}
