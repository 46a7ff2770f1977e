package io.drover.run;

import io.drover.target.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One run per migration at a time: a PostgreSQL session advisory lock, held on a connection of its own
 * for the whole run. The database releases it when the process dies, so a killed run never blocks the
 * next one. An embedded H2 target is locked by its file already.
 */
public final class RunLock implements AutoCloseable {

    private final Connection connection;

    private RunLock(Connection connection) {
        this.connection = connection;
    }

    /** The lock, or empty when another run of the migration holds it. */
    public static Optional<RunLock> tryAcquire(DataSource target, TargetDialect dialect, String migration) throws SQLException {
        if (dialect != TargetDialect.POSTGRESQL) {
            return Optional.of(new RunLock(null));
        }
        Connection connection = target.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, key(migration));
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new RunLock(connection));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    static String key(String migration) {
        return "drover:migration:" + migration;
    }

    @Override
    public void close() {
        if (connection != null) {
            // Closing returns the connection to the pool, so unlock explicitly first. A connection the
            // database has cut holds no lock any more: nothing to release then.
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                unlock.execute();
            } catch (SQLException lostWithTheConnection) {
                // the session, and with it the lock, is gone
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already closed by the database
                }
            }
        }
    }
}
