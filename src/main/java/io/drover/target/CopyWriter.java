package io.drover.target;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk writes into PostgreSQL through COPY, inside the caller's transaction (bulk mode). Rows to insert
 * go straight into their table; rows to upsert are copied into a temporary staging table shaped like the
 * target (created once per connection, emptied at every commit) and moved with one
 * INSERT … SELECT … ON CONFLICT per row shape, the same idempotent upsert that item-by-item writes use.
 * COPY spares the server the parsing and planning of multi-row INSERTs with thousands of parameters.
 */
public final class CopyWriter {

    /** The column of a staging table that tells which shape (column list) a staged row has. */
    static final String SHAPE_COLUMN = "drover_shape";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final PlatformTransactionManager transactions;
    private final TransactionDefinition savepoint;
    private final Map<String, String> stages = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger stageCount = new java.util.concurrent.atomic.AtomicInteger();

    /** @param transactions the target's: a staged upsert joins the caller's transaction, or runs in one of its own */
    public CopyWriter(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.transactions = transactions;
        this.savepoint = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The rows of one column list: what one COPY and one upsert statement take. */
    public record Shape(List<String> columns, List<Object[]> rows) {
    }

    /** True when every value of these rows can go through COPY (else the caller uses JDBC batches). */
    public static boolean canCopy(List<Object[]> rows) {
        for (Object[] row : rows) {
            for (Object value : row) {
                if (!CopyText.encodes(value)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The same for rows of a target table, whose values a converter made: a value's COPY text must give
     * what pgjdbc's binding gives in the column it goes to (a Double is exact only in a float8 column).
     *
     * @param columns the column of each value of the rows, in their order
     */
    public static boolean canCopy(List<Object[]> rows, List<TableSchema.Column> columns) {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (!CopyText.encodes(row[i], columns.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Inserts the rows with one COPY. */
    public void insert(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Long>) connection -> copy(connection, Identifiers.quote(table), columns, rows, null));
    }

    /**
     * Runs the inserts under a savepoint of the caller's transaction (a transaction of their own without
     * one). When one of them finds its key already taken, all of them are undone and the caller's
     * transaction goes on as if they had never run.
     *
     * @return true when every insert ran, false when a key was already present
     */
    public boolean insertUnlessPresent(Runnable inserts) {
        try {
            underSavepoint(inserts);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * Runs the work under a savepoint, as Spring's TransactionTemplate would, except when the rollback to
     * the savepoint fails too: the session is gone (a terminated or lost connection). TransactionTemplate
     * then throws the rollback's failure instead of the work's, after logging both with their stack traces
     * at ERROR; here the work's own failure goes on to the caller (which retries a lost connection), the
     * rollback's kept with it as suppressed, and nothing is logged: the item's one line says it all.
     */
    private void underSavepoint(Runnable work) {
        TransactionStatus status = transactions.getTransaction(savepoint);
        try {
            work.run();
        } catch (RuntimeException | Error failure) {
            try {
                transactions.rollback(status);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        transactions.commit(status);
    }

    /**
     * Called in a chunk's transaction before its COPY of new rows. Drover's own target sessions plan every
     * statement for its values (plan_cache_mode = force_custom_plan, see DataSources), and PostgreSQL then
     * plans the foreign-key check of every copied row anew too: measured on a million address rows, 21.9 s
     * of planning for 8.4 s of checking. A COPY has no plan of its own to get wrong, and neither has what
     * the chunk's transaction runs after it (the log's COPY, the states' COPY or upsert from arrays): for
     * the rest of the transaction, PostgreSQL's default plan cache applies (undone with a savepoint rolled
     * back to). Other sessions' settings are left alone.
     */
    public void reuseForeignKeyCheckPlans() {
        jdbc.query("SELECT set_config('plan_cache_mode', 'auto', true) WHERE current_setting('plan_cache_mode', true) = 'force_custom_plan'",
                rs -> null);
    }

    /**
     * Upserts the rows of every shape by the key columns: all are staged first, then {@code beforeUpsert}
     * gets the staging table's name (to remove what the staged rows no longer hold), then each shape is
     * upserted, its {@code generatedAlways} identity columns taking the staged values.
     */
    public void upsert(String table, List<String> keys, java.util.Set<String> generatedAlways, List<Shape> shapes,
                       Consumer<String> beforeUpsert) {
        String stage = stages.computeIfAbsent(table, t -> "drover_stage_" + stageCount.incrementAndGet());
        // staged rows live until the commit, on the transaction's connection: stage and upsert in one transaction
        transaction.executeWithoutResult(status -> {
            jdbc.execute((ConnectionCallback<Void>) connection -> stage(connection, table, stage, shapes));
            beforeUpsert.accept(stage);
            for (int shape = 0; shape < shapes.size(); shape++) {
                List<String> columns = shapes.get(shape).columns();
                String select = "SELECT " + TargetDialect.quoted(columns) + " FROM " + stage + " WHERE " + SHAPE_COLUMN + " = " + shape;
                jdbc.update(TargetDialect.POSTGRESQL.upsertFrom(table, columns, select, keys, generatedAlways));
            }
        });
    }

    private static Void stage(Connection connection, String table, String stage, List<Shape> shapes) throws SQLException {
        try (var statement = connection.createStatement()) {
            // a transaction that rolled back took a table it created with it: ensure it, once per chunk; every
            // commit and rollback leaves it empty. Looked up first rather than CREATE … IF NOT EXISTS, whose
            // notice the driver turns into an SQLWarning, stack trace included, at every chunk
            boolean exists;
            try (var found = statement.executeQuery("SELECT to_regclass('pg_temp." + stage + "') IS NOT NULL")) {
                exists = found.next() && found.getBoolean(1);
            }
            if (!exists) {
                statement.execute("CREATE TEMP TABLE " + stage + " ON COMMIT DELETE ROWS AS SELECT t.*, 0 AS "
                        + SHAPE_COLUMN + " FROM " + Identifiers.quote(table) + " t WITH NO DATA");
            }
        }
        for (int shape = 0; shape < shapes.size(); shape++) {
            copy(connection, stage, shapes.get(shape).columns(), shapes.get(shape).rows(), shape);
        }
        return null;
    }

    private static long copy(Connection connection, String table, List<String> columns, List<Object[]> rows, Integer shape)
            throws SQLException {
        StringBuilder text = new StringBuilder(rows.size() * 64 * (columns.size() + 1));
        Object[] withShape = shape == null ? null : new Object[columns.size() + 1];
        for (Object[] row : rows) {
            if (withShape == null) {
                CopyText.appendRow(text, row);
            } else {
                System.arraycopy(row, 0, withShape, 0, row.length);
                withShape[row.length] = shape;
                CopyText.appendRow(text, withShape);
            }
        }
        String columnList = TargetDialect.quoted(columns) + (shape == null ? "" : ", " + SHAPE_COLUMN);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columnList + ") FROM STDIN");
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** The key columns of a staging table compared with a target table's: for NOT EXISTS against the stage. */
    static String sameKey(String stage, String target, List<String> keys) {
        return keys.stream().map(k -> stage + "." + Identifiers.quote(k) + " = " + target + "." + Identifiers.quote(k))
                .collect(Collectors.joining(" AND "));
    }
}
