package io.drover.config;

import io.drover.DroverConfigException;
import io.drover.log.DroverTables;
import io.drover.target.Identifiers;
import io.drover.target.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades a PostgreSQL target from the time Drover's tables lived among the application's: when the
 * current schema holds Drover's schema history and drover.schema does not, every Drover table there,
 * the history included, moves to drover.schema in one transaction (with its rows, indexes and sequences),
 * before Flyway looks for it.
 */
final class DroverTablesMove {

    private static final Logger LOG = LoggerFactory.getLogger(DroverTablesMove.class);

    private DroverTablesMove() {
    }

    static void fromCurrentSchema(DataSource target, TargetDialect dialect, String schema) {
        if (dialect != TargetDialect.POSTGRESQL) {
            return; // H2 serves only the quick start, whose data `drover sample init` makes again
        }
        try (Connection connection = target.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                String current = currentSchema(connection);
                List<String> moved = current == null || current.equals(schema) ? List.of() : moveIn(connection, current, schema);
                connection.commit();
                if (!moved.isEmpty()) {
                    LOG.info("Moved Drover's tables {} from schema {} to schema {} (drover.schema), where they live from now on",
                            moved, current, schema);
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DroverConfigException("cannot move Drover's tables to schema " + schema + " (drover.schema): "
                    + Secrets.maskUrl(String.valueOf(e.getMessage())), e);
        }
    }

    /** The tables moved, none when there is nothing to move. */
    private static List<String> moveIn(Connection connection, String current, String schema) throws SQLException {
        // two processes starting at once: the second waits here, then finds nothing left to move
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(hashtext('drover:schema-move'))");
        }
        if (!exists(connection, current, DroverTables.HISTORY) || exists(connection, schema, DroverTables.HISTORY)) {
            return List.of();
        }
        List<String> moved = new ArrayList<>();
        try (Statement move = connection.createStatement()) {
            move.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            for (String table : DroverTables.ALL) {
                if (exists(connection, current, table)) {
                    move.execute("ALTER TABLE " + Identifiers.quoteAsRead(current) + "." + Identifiers.quote(table)
                            + " SET SCHEMA " + Identifiers.quote(schema));
                    moved.add(table);
                }
            }
        }
        return moved;
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet rs = query.executeQuery("SELECT current_schema()")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static boolean exists(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_tables"
                + " WHERE schemaname = ? AND tablename = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
