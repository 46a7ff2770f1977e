package io.drover.run;

import io.drover.log.DroverTables;
import io.drover.target.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per migration at a time, on a PostgreSQL target: a session advisory lock on a connection of its
 * own, plus a lease row (run_lease) that the holder renews every {@code renewMs}. The advisory lock goes
 * with its session when the server restarts or the backend is terminated; the holder then takes it back
 * on a new connection, and a run that took the advisory lock meanwhile finds the lease still renewed and
 * steps back. A lease that nobody renews for {@code expiryMs} (its process was killed) is taken over.
 * A holder that cannot renew its lease for half that time, or finds it taken over, stops its run.
 * An embedded H2 target is locked by its file already.
 */
public final class RunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    /** How often the holder renews its lease, and after how long without renewal the lease is free. */
    public record Timing(long renewMs, long expiryMs) {
        public static final Timing DEFAULT = new Timing(1000, 10_000);
    }

    private final DataSource target;
    private final String migration;
    private final DroverTables tables;
    private final UUID holder = UUID.randomUUID();
    private final Timing timing;
    private final ScheduledExecutorService renewer;
    private Connection connection;
    private boolean locked;
    private long renewedAt = System.nanoTime();
    private volatile String lost;
    private volatile Consumer<String> onLost = reason -> { };

    private RunLock(DataSource target, DroverTables tables, String migration, Timing timing, Connection connection) {
        this.tables = tables;
        this.target = target;
        this.migration = migration;
        this.timing = timing;
        this.connection = connection;
        this.locked = connection != null;
        this.renewer = connection == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "drover-run-lock-" + migration);
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Optional<RunLock> tryAcquire(DataSource target, DroverTables tables, TargetDialect dialect, String migration)
            throws SQLException {
        return tryAcquire(target, tables, dialect, migration, Timing.DEFAULT);
    }

    /** The lock, or empty when another run of the migration holds it or is still renewing its lease. */
    public static Optional<RunLock> tryAcquire(DataSource target, DroverTables tables, TargetDialect dialect, String migration,
                                                Timing timing)
            throws SQLException {
        if (dialect != TargetDialect.POSTGRESQL) {
            return Optional.of(new RunLock(target, tables, migration, timing, null));
        }
        Connection connection = target.getConnection();
        try {
            if (advisoryLock(connection, migration)) {
                RunLock lock = new RunLock(target, tables, migration, timing, connection);
                if (lock.claimLease()) {
                    lock.renewer.scheduleWithFixedDelay(lock::renew, timing.renewMs(), timing.renewMs(), TimeUnit.MILLISECONDS);
                    return Optional.of(lock);
                }
                unlock(connection);
                lock.renewer.shutdown();
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

    /** Called once, from the lock's own thread, when the run can no longer prove that it holds the lock. */
    public void onLost(Consumer<String> action) {
        this.onLost = action;
    }

    /** Why the lock was lost, or null while it is held. */
    public String lost() {
        return lost;
    }

    private static boolean advisoryLock(Connection connection, String migration) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, key(migration));
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            unlock.execute();
        }
    }

    /**
     * Takes the lease, holding the advisory lock. A lease another run renewed less than expiryMs ago is
     * watched: renewed again, its holder is alive (it lost only its connection) and keeps it; not renewed
     * until it expires, its process is gone and the lease is ours.
     */
    private boolean claimLease() throws SQLException {
        java.sql.Timestamp seen = null;
        while (true) {
            Optional<Lease> lease = readLease();
            if (lease.isEmpty()) {
                return update("INSERT INTO " + tables.runLease() + " (migration, holder, host, acquired_at, renewed_at)"
                        + " VALUES (?, ?, ?, now(), now()) ON CONFLICT (migration) DO NOTHING", migration, holder, RunRecorder.host()) == 1;
            }
            Lease current = lease.get();
            if (seen != null && !seen.equals(current.renewedAt())) {
                LOG.info("Run lock of migration '{}': the run on host {} still renews its lease; leaving the lock to it",
                        migration, current.host());
                return false;
            }
            if (current.ageMs() >= timing.expiryMs()) {
                // only while it is still expired: a holder that renews at this very moment keeps it
                boolean taken = update("UPDATE " + tables.runLease() + " SET holder = ?, host = ?, acquired_at = now(), renewed_at = now()"
                        + " WHERE migration = ? AND renewed_at <= now() - make_interval(secs => ?)",
                        holder, RunRecorder.host(), migration, timing.expiryMs() / 1000.0) == 1;
                if (taken) {
                    LOG.info("Run lock of migration '{}': took over the lease of the run on host {}, not renewed for {} ms"
                            + " (its process is gone)", migration, current.host(), current.ageMs());
                }
                return taken;
            }
            if (seen == null) {
                LOG.info("Run lock of migration '{}': the run on host {} renewed its lease {} ms ago; waiting up to {} ms"
                        + " to see whether it is still alive", migration, current.host(), current.ageMs(), timing.expiryMs() - current.ageMs());
                seen = current.renewedAt();
            }
            sleep(Math.min(timing.renewMs() / 4 + 1, timing.expiryMs() - current.ageMs()));
        }
    }

    private record Lease(String host, java.sql.Timestamp renewedAt, long ageMs) {
    }

    private Optional<Lease> readLease() throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT host, renewed_at,"
                + " CAST(EXTRACT(EPOCH FROM now() - renewed_at) * 1000 AS bigint) FROM " + tables.runLease() + " WHERE migration = ?")) {
            read.setString(1, migration);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? Optional.of(new Lease(rs.getString(1), rs.getTimestamp(2), rs.getLong(3))) : Optional.empty();
            }
        }
    }

    private int update(String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Renews the lease; after a lost connection, takes the advisory lock back on a new one. */
    private void renew() {
        if (lost != null) {
            return;
        }
        try {
            if (connection == null) {
                connection = target.getConnection();
            }
            if (!locked) {
                // while another run holds it (watching our lease), the renewal below makes it step back
                locked = advisoryLock(connection, migration);
                if (locked) {
                    LOG.warn("Run lock of migration '{}': its connection was lost; took the lock back on a new one", migration);
                }
            }
            if (update("UPDATE " + tables.runLease() + " SET renewed_at = now() WHERE migration = ? AND holder = ?", migration, holder) == 0) {
                lose("another run took over its lease");
                return;
            }
            renewedAt = System.nanoTime();
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            long unrenewedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - renewedAt);
            // stop well before another run may take the lease over
            if (unrenewedMs >= timing.expiryMs() / 2) {
                lose("could not renew its lease for " + unrenewedMs + " ms: " + e.getMessage());
            } else {
                LOG.debug("Run lock of migration '{}': renewing its lease failed; trying again", migration, e);
            }
        }
    }

    private void lose(String reason) {
        lost = "it lost the run lock of migration '" + migration + "': " + reason;
        LOG.error("Run of migration '{}' stops: {}", migration, lost);
        onLost.accept(lost);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException alreadyGone) {
                // the database cut it
            }
        }
        connection = null;
        locked = false;
    }

    @Override
    public void close() {
        if (renewer == null) {
            return;
        }
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (connection == null) {
                connection = target.getConnection();
            }
            update("DELETE FROM " + tables.runLease() + " WHERE migration = ? AND holder = ?", migration, holder);
            // closing returns the connection to the pool, so unlock explicitly first
            unlock(connection);
        } catch (SQLException e) {
            // a connection the database has cut holds no lock any more; a lease left behind expires
            LOG.debug("Run lock of migration '{}': releasing it failed", migration, e);
        } finally {
            closeQuietly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
