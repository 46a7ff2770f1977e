package io.drover.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test class on the real PostgreSQL or MariaDB server, created with a
 * unique name and dropped afterwards. Servers come from environment variables with local defaults:
 * DROVER_TEST_PG_URL (jdbc:postgresql://127.0.0.1:5432/), DROVER_TEST_PG_USER (postgres),
 * DROVER_TEST_PG_PASSWORD, DROVER_TEST_MARIADB_URL (jdbc:mariadb://127.0.0.1:3306/),
 * DROVER_TEST_MARIADB_USER (root), DROVER_TEST_MARIADB_PASSWORD.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { POSTGRESQL, MARIADB }

    private final Kind kind;
    private final String name;
    private final String serverUrl;
    private final String user;
    private final String password;
    private HikariDataSource dataSource;

    private TestDatabase(Kind kind, String name, String serverUrl, String user, String password) {
        this.kind = kind;
        this.name = name;
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    public static TestDatabase postgres(String purpose) {
        return create(Kind.POSTGRESQL, purpose, env("DROVER_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/"),
                env("DROVER_TEST_PG_USER", "postgres"), env("DROVER_TEST_PG_PASSWORD", ""));
    }

    public static TestDatabase mariadb(String purpose) {
        return create(Kind.MARIADB, purpose, env("DROVER_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/"),
                env("DROVER_TEST_MARIADB_USER", "root"), env("DROVER_TEST_MARIADB_PASSWORD", ""));
    }

    private static TestDatabase create(Kind kind, String purpose, String serverUrl, String user, String password) {
        String name = ("drover_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        TestDatabase db = new TestDatabase(kind, name, serverUrl, user, password);
        db.admin("CREATE DATABASE " + name);
        return db;
    }

    public String url() {
        return serverUrl + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url());
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(4);
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    private void admin(String sql) {
        String adminUrl = kind == Kind.POSTGRESQL ? serverUrl + "postgres" : serverUrl;
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + adminUrl + " as " + user
                    + " (is the server up? see .ci/run): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
        admin(kind == Kind.POSTGRESQL ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
    }

    /** Drops each database a test created, skipping those it did not get to create. */
    public static void closeAll(TestDatabase... databases) {
        for (TestDatabase database : databases) {
            if (database != null) {
                database.close();
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
