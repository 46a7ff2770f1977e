package io.drover.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Pooled connections (HikariCP) for the source and the target. */
public final class DataSources {

    private DataSources() {
    }

    public static HikariDataSource pooled(DroverSettings.Connection connection, int maxConnections) {
        return pooled(connection, maxConnections, null);
    }

    /**
     * A pool that opens no connection until one is asked for: for a command that will not read this
     * database, which then neither waits for it nor fails when it is down.
     */
    public static HikariDataSource connectingWhenAsked(DroverSettings.Connection connection, int maxConnections) {
        HikariConfig config = config(connection, maxConnections, null);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * @param initSql run on every new connection, e.g. PostgreSQL's lock and statement timeouts
     */
    public static HikariDataSource pooled(DroverSettings.Connection connection, int maxConnections, String initSql) {
        HikariConfig config = config(connection, maxConnections, initSql);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new io.drover.DroverConfigException("cannot connect to the " + connection.name() + " database "
                    + Secrets.maskUrl(connection.url()) + (connection.username().isBlank() ? "" : " as " + connection.username())
                    + ": " + Secrets.maskUrl(firstSqlMessage(e)) + " (check drover." + connection.name() + ".* or DROVER_"
                    + connection.name().toUpperCase(java.util.Locale.ROOT) + "_URL, _USERNAME, _PASSWORD)", e);
        }
    }

    private static HikariConfig config(DroverSettings.Connection connection, int maxConnections, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("drover-" + connection.name());
        config.setJdbcUrl(connection.url());
        if (!connection.username().isBlank()) {
            config.setUsername(connection.username());
        }
        if (!connection.password().isBlank()) {
            config.setPassword(connection.password());
        }
        config.setMaximumPoolSize(maxConnections);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        if (connection.url().startsWith("jdbc:postgresql:") && !connection.url().contains("reWriteBatchedInserts")) {
            // bulk mode sends rows in JDBC batches; pgjdbc then sends one multi-row INSERT instead of one per row
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // drop a connection only when it is lost, not on every error (see PoolEviction)
        config.setExceptionOverrideClassName(PoolEviction.class.getName());
        config.setMinimumIdle(1);
        // Fail fast with a clear message instead of waiting 30 s on an unreachable database.
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(2_000);
        return config;
    }

    private static String firstSqlMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getMessage() != null) {
                return t.getMessage().lines().findFirst().orElse("");
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /**
     * PostgreSQL target session settings: timeouts that keep one stuck item from holding a worker forever,
     * and a plan per execution. pgjdbc prepares a statement on the server after five uses, and PostgreSQL
     * then keeps a generic plan; a run starts on empty tables, so that plan is a sequential scan which
     * stays while the tables grow (measured: item_state lookups of bulk mode took 3 s each at 45,000 items).
     * Bulk mode's COPY of new rows lifts it for the rest of its transaction (CopyWriter), where the only plans
     * are those of foreign-key checks, one per copied row.
     */
    public static String postgresTargetSettings(String url, long lockTimeoutMs, long statementTimeoutMs) {
        if (!url.startsWith("jdbc:postgresql:")) {
            return null;
        }
        return "SET lock_timeout = " + lockTimeoutMs + "; SET statement_timeout = " + statementTimeoutMs
                + "; SET plan_cache_mode = force_custom_plan";
    }
}
