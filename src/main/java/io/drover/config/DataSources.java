package io.drover.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Pooled connections (HikariCP) for the source and the target. */
public final class DataSources {

    private DataSources() {
    }

    public static HikariDataSource pooled(DroverSettings.Connection connection, int maxConnections) {
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
        config.setMinimumIdle(1);
        // Fail fast with a clear message instead of waiting 30 s on an unreachable database.
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        return new HikariDataSource(config);
    }
}
