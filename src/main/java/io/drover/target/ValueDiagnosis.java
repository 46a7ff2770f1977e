package io.drover.target;

import io.drover.pipeline.ItemDataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Finds the column behind a database's data error. PostgreSQL says "integer out of range" or "value too
 * long for type character varying(100)" without naming the column; Drover then casts each value to its
 * column's type on a connection of its own (the item's transaction is already aborted) and names the
 * first column whose value does not fit.
 */
final class ValueDiagnosis {

    private ValueDiagnosis() {
    }

    static RuntimeException of(DataSource dataSource, TargetDialect dialect, TableSchema schema, List<String> columns,
                               List<Object> values, RuntimeException failure) {
        if (dialect != TargetDialect.POSTGRESQL || !isDataError(failure)) {
            return failure;
        }
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < columns.size(); i++) {
                Object value = values.get(i);
                if (value == null) {
                    continue;
                }
                ColumnType known = schema.columnType(columns.get(i));
                String problem = tooLong(schema.column(columns.get(i)), value);
                if (problem == null) { // the catalog's own words for a type are valid SQL, whatever its name
                    problem = known != null ? castProblemAs(connection, known.sql(), value)
                            : castProblem(connection, schema.declaredTypeOf(columns.get(i)), value);
                }
                if (problem != null) {
                    ItemDataException named = new ItemDataException(columns.get(i), "cannot be stored in " + schema.table() + "."
                            + columns.get(i) + " of type " + schema.sqlTypeOf(columns.get(i)) + ": " + problem, value);
                    named.initCause(failure);
                    return named;
                }
            }
        } catch (SQLException diagnosisFailed) {
            failure.addSuppressed(diagnosisFailed);
        }
        return failure;
    }

    /** An explicit cast to varchar(n) truncates without a word; storing does not. So lengths are checked here. */
    private static String tooLong(TableSchema.Column column, Object value) {
        if (value instanceof String text && column.excessLength(text) > 0) {
            int length = text.codePointCount(0, text.length());
            return "value too long (" + length + " characters, at most " + column.maxLength() + ")";
        }
        return null;
    }

    private static String castProblem(Connection connection, String type, Object value) {
        return castProblemAs(connection, type.matches("[A-Za-z_][A-Za-z0-9_ ]*(\\([0-9, ]+\\))?") ? type : Identifiers.quote(type), value);
    }

    private static String castProblemAs(Connection connection, String cast, Object value) {
        try (PreparedStatement probe = connection.prepareStatement("SELECT CAST(? AS " + cast + ")")) {
            if (value instanceof String text) {
                probe.setString(1, text);
            } else {
                probe.setObject(1, value);
            }
            probe.executeQuery().close();
            return null;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            int detail = message.indexOf("\n");
            return (detail > 0 ? message.substring(0, detail) : message).replaceFirst("^ERROR: ", "").trim();
        }
    }

    /** SQLState class 22 (data exception), or a value the driver refused before sending it. */
    private static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("22")) {
                    return true;
                }
                if (String.valueOf(sql.getMessage()).contains("Zero bytes may not occur")) {
                    return true;
                }
            }
        }
        return false;
    }
}
