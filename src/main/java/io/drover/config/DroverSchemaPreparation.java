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
 * Readies drover.schema on a PostgreSQL target before Flyway runs, in one transaction that processes
 * starting at once take in turn: creates the schema when it is missing (two concurrent CREATE SCHEMA
 * would collide), and upgrades a target from the time Drover's tables lived among the application's:
 * when the current schema holds Drover's schema history and drover.schema does not, every Drover table
 * there, the history included, moves to drover.schema with its rows, indexes and sequences.
 */
final class DroverSchemaPreparation {

    private static final Logger LOG = LoggerFactory.getLogger(DroverSchemaPreparation.class);

    private DroverSchemaPreparation() {
    }

    static void prepare(DataSource target, TargetDialect dialect, String schema) {
        if (dialect != TargetDialect.POSTGRESQL) {
            return; // H2 serves only the quick start, whose data `drover sample init` makes again
        }
        try (Connection connection = target.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                // processes starting at once: the second waits here, then finds the schema made and nothing left to move
                try (Statement lock = connection.createStatement()) {
                    lock.execute("SELECT pg_advisory_xact_lock(hashtext('drover:schema'))");
                }
                if (!schemaExists(connection, schema)) {
                    // only when missing: CREATE SCHEMA IF NOT EXISTS still asks for the right to create one
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE SCHEMA " + Identifiers.quote(schema));
                    }
                }
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
            throw new DroverConfigException("cannot prepare schema " + schema + " for Drover's tables (drover.schema): "
                    + Secrets.maskUrl(String.valueOf(e.getMessage())), e);
        }
    }

    /** The tables moved, none when there is nothing to move. */
    private static List<String> moveIn(Connection connection, String current, String schema) throws SQLException {
        if (!exists(connection, current, DroverTables.HISTORY) || exists(connection, schema, DroverTables.HISTORY)) {
            return List.of();
        }
        List<String> moved = new ArrayList<>();
        try (Statement move = connection.createStatement()) {
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

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
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
