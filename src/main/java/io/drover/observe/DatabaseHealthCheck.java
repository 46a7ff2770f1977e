package io.drover.observe;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Health of a database Drover needs (source or target): UP when a connection answers within two seconds. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;

    public DatabaseHealthCheck(String database, DataSource dataSource) {
        super("drover", "drover-" + database + "-database");
        this.dataSource = dataSource;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                builder.up();
            } else {
                builder.down().message("the database did not answer within 2 s");
            }
        } catch (Exception e) {
            builder.down().message(e.getMessage()).error(e);
        }
    }
}
