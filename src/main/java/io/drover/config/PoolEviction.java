package io.drover.config;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.drover.pipeline.TransientFailure;
import java.sql.SQLException;

/**
 * When HikariCP drops a connection after an error: only when the connection is lost (SQLSTATE class 08,
 * 57P01–57P03). HikariCP also drops it on 0A000 (feature not supported), which PostgreSQL raises for a
 * statement it refuses on a perfectly healthy connection (an INSERT … ON CONFLICT on a table with rules);
 * the dropped connection then made the rollback fail with "Connection is closed", which hid the cause.
 * An error without SQLSTATE is left to HikariCP's own rules.
 */
public final class PoolEviction implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (e.getSQLState() == null) {
            return Override.CONTINUE_EVICT;
        }
        return TransientFailure.ofState(e.getSQLState()).filter(f -> f == TransientFailure.CONNECTION_LOST).isPresent()
                ? Override.MUST_EVICT : Override.DO_NOT_EVICT;
    }
}
