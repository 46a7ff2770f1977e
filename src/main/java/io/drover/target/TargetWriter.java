package io.drover.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.pipeline.ItemDataException;
import io.drover.pipeline.TargetItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the rows of one converted item into the target: an idempotent upsert per row, generated from
 * the table's key columns, and for owned child tables the removal of rows no longer in the item. Tables
 * that refuse an upsert (rules, views) are written by {@link UpdateThenInsert}, as the catalog's
 * {@link TableWriteFacts} decide at start; identity columns GENERATED ALWAYS take the item's values.
 * It runs on the target DataSource that the transaction manager also holds, so it joins the item's
 * transaction.
 */
public final class TargetWriter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetWriter.class);

    private final JdbcTemplate jdbc;
    private final TableCatalog catalog;
    private final TargetDialect dialect;
    private final ObjectMapper json;
    private final CopyWriter copy;
    private final UpdateThenInsert updateThenInsert;
    /** Tables whose way of writing was logged: once per table, however many migrations or plans validate it. */
    private final java.util.Set<String> strategiesLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ColumnCoercion coercion;
    private final Map<UpsertShape, String> upserts = new java.util.concurrent.ConcurrentHashMap<>();

    /** What an upsert's SQL depends on: a key compared by its parts, not a string built for every row. */
    private record UpsertShape(String table, List<String> keys, List<String> columns, List<String> placeholders) {
    }

    /** @param copy bulk writes through COPY (PostgreSQL), or null for JDBC batches */
    public TargetWriter(JdbcTemplate jdbc, TableCatalog catalog, TargetDialect dialect, ObjectMapper json, CopyWriter copy) {
        this(jdbc, catalog, dialect, json, copy, ColumnCoercion.NONE);
    }

    /** @param coercion applied to every value before it is bound or copied, whichever converter made it */
    public TargetWriter(JdbcTemplate jdbc, TableCatalog catalog, TargetDialect dialect, ObjectMapper json, CopyWriter copy,
                        ColumnCoercion coercion) {
        this.coercion = coercion;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.dialect = dialect;
        this.json = json;
        this.copy = copy;
        this.updateThenInsert = new UpdateThenInsert(jdbc, catalog, dialect);
    }

    /** Checks, before any item, that every target table exists and has a key. */
    public void validate(Migration migration) {
        for (TargetTable table : migration.targets()) {
            catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            if (table.owned() && !catalog.schemaOf(table.table()).hasColumn(table.ownerColumn())) {
                throw new io.drover.DroverConfigException("migration '" + migration.name() + "': owner column '"
                        + table.ownerColumn() + "' does not exist in target table '" + table.table() + "'");
            }
            String strategy = catalog.writeFactsOf(table.table()).strategy();
            if (strategy != null && strategiesLogged.add(table.table().toLowerCase(Locale.ROOT))) {
                LOG.info("Target table {} {}", table.table(), strategy);
            }
        }
    }

    /** Writes the item's rows, parents first as declared; returns how many rows were inserted, changed or removed. */
    public int write(Migration migration, Object itemId, TargetItem item) {
        checkTables(migration, item);
        List<Step> steps = new ArrayList<>();
        for (TargetTable table : migration.targets()) {
            List<String> keys = catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            List<Map<String, Object>> rows = item.rows(table.table());
            if (table.owned()) {
                steps.add(new Step(removeStaleOf(table, keys, List.of(itemId), rows, null), null, null));
            }
            boolean updateFirst = catalog.writeFactsOf(table.table()).updateThenInsert();
            for (Map<String, Object> row : rows) {
                steps.add(updateFirst ? new Step(rowOf(table.table(), keys, row), table.table(), keys)
                        : new Step(upsertOf(table.table(), keys, row), table.table(), null));
            }
        }
        if (dialect == TargetDialect.POSTGRESQL && steps.size() > 1 && canCombine(steps)) {
            return writeInOneStatement(steps);
        }
        int changed = 0;
        for (Step step : steps) {
            changed += step.table() == null ? jdbc.update(step.statement().sql(), step.statement().values().toArray())
                    : upsert(step);
        }
        return changed;
    }

    /**
     * One statement of an item's write: an upsert of one row into {@code table}, or the removal of stale rows
     * (table null); or, into a table that refuses ON CONFLICT, the row to update-then-insert by these keys.
     */
    private record Step(Statement statement, String table, List<String> updateThenInsertBy) {
    }

    /**
     * PostgreSQL runs all of an item's statements as one, each a data-modifying WITH query: one round trip
     * instead of one per row. Foreign keys are checked at the end of the statement, when every row is in.
     * The result is that of the statements one by one, as long as no two rows of the item share a key in a
     * table (two changes of one row in a statement are not ordered) and the parameters stay far below
     * PostgreSQL's limit of 65,535.
     */
    private int writeInOneStatement(List<Step> steps) {
        StringBuilder sql = new StringBuilder("WITH ");
        StringBuilder total = new StringBuilder(" SELECT 0");
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("w").append(i).append(" AS (").append(steps.get(i).statement().sql())
                    .append(" RETURNING 1)");
            total.append(" + (SELECT count(*) FROM w").append(i).append(")");
            values.addAll(steps.get(i).statement().values());
        }
        try {
            Integer changed = jdbc.queryForObject(sql.append(total).toString(), Integer.class, values.toArray());
            return changed == null ? 0 : changed;
        } catch (org.springframework.dao.DataAccessException e) {
            // name the column behind a data error: the first row, in the order written, whose value does not fit
            for (Step step : steps) {
                if (step.table() != null) {
                    RuntimeException named = ValueDiagnosis.of(jdbc.getDataSource(), dialect, catalog.schemaOf(step.table()),
                            step.statement().columns(), step.statement().values(), e);
                    if (named != e) {
                        throw named;
                    }
                }
            }
            throw e;
        }
    }

    private static boolean canCombine(List<Step> steps) {
        java.util.Set<String> rowKeys = new java.util.HashSet<>();
        int parameters = 0;
        for (Step step : steps) {
            parameters += step.statement().values().size();
            if (step.updateThenInsertBy() != null) {
                return false; // its statements are several, and a rule rewrites none inside a WITH query
            }
            if (step.table() != null && !rowKeys.add(step.table() + "\u0000" + step.statement().keyValues())) {
                return false;
            }
        }
        return parameters < 30_000;
    }

    private int upsert(Step step) {
        Statement upsert = step.statement();
        try {
            if (step.updateThenInsertBy() != null) {
                updateThenInsert.write(step.table(), step.updateThenInsertBy(), rowToUpdateThenInsert(upsert));
                return 1;
            }
            return jdbc.update(upsert.sql(), upsert.values().toArray());
        } catch (org.springframework.dao.DataAccessException e) {
            throw ValueDiagnosis.of(jdbc.getDataSource(), dialect, catalog.schemaOf(step.table()), upsert.columns(), upsert.values(), e);
        }
    }

    /** One statement with its values; rows of the same shape share the SQL text and go in one JDBC batch. */
    private record Statement(String sql, List<String> columns, List<Object> values, List<Object> keyValues) {
    }

    /** The item's rows of one table as a write would bind them: columns checked, values coerced, keys present. */
    List<UpdateThenInsert.Row> boundRows(Migration migration, TargetItem item, TargetTable table, List<String> keys) {
        checkTables(migration, item);
        return item.rows(table.table()).stream().map(row -> rowToUpdateThenInsert(rowOf(table.table(), keys, row))).toList();
    }

    private static UpdateThenInsert.Row rowToUpdateThenInsert(Statement row) {
        return new UpdateThenInsert.Row(row.columns(), row.values(), row.keyValues());
    }

    private Statement upsertOf(String table, List<String> keys, Map<String, Object> row) {
        return withSql(table, keys, rowOf(table, keys, row));
    }

    /** A row's columns and bindable values, checked against its table, without the SQL (what COPY takes). */
    private Statement rowOf(String table, List<String> keys, Map<String, Object> row) {
        TableSchema schema = catalog.schemaOf(table);
        List<String> columns = new ArrayList<>(row.size());
        List<Object> values = new ArrayList<>(row.size());
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            TableSchema.Column column = schema.column(cell.getKey());
            if (column == null) {
                throw new ItemDataException(cell.getKey().toLowerCase(Locale.ROOT), "is not a column of target table '" + table + "'",
                        cell.getValue());
            }
            columns.add(column.name());
            values.add(bindable(schema, column.name(), coercion.coerce(schema, column, cell.getValue())));
        }
        List<Object> keyValues = new ArrayList<>(keys.size());
        for (String key : keys) {
            int at = columns.indexOf(key);
            if (at < 0 || values.get(at) == null) {
                throw new ItemDataException(key, "is a key of target table '" + table + "' and must not be null", null);
            }
            keyValues.add(values.get(at));
        }
        return new Statement(null, columns, values, keyValues);
    }

    /** The row with its upsert SQL, whose placeholders depend on the values (a cast where text must reach another type). */
    private Statement withSql(String table, List<String> keys, Statement row) {
        TableSchema schema = catalog.schemaOf(table);
        List<String> placeholders = new ArrayList<>(row.columns().size());
        for (int i = 0; i < row.columns().size(); i++) {
            placeholders.add(placeholder(schema, row.columns().get(i), row.values().get(i)));
        }
        // rows of one table mostly share one shape: build its SQL once
        String sql = upserts.computeIfAbsent(new UpsertShape(table, keys, row.columns(), placeholders),
                k -> dialect.upsert(table, row.columns(), placeholders, keys, catalog.writeFactsOf(table).generatedAlways()));
        return new Statement(sql, row.columns(), row.values(), row.keyValues());
    }

    /**
     * Writes the rows of many items at once (bulk mode): per table, parents first, the rows go through
     * COPY into a staging table and one upsert per row shape (PostgreSQL), or in JDBC batches, one per
     * statement shape; owned child rows no longer in their item are removed with one statement per table.
     * The end state is the one {@link #write} gives item by item. A failure names no item: the caller
     * splits the chunk to find the bad one.
     *
     * @param fresh no item of the chunk has been written by Drover before (none has a state): their rows
     *              are first tried straight into their tables, see {@link #insertFresh}
     */
    public void writeAll(Migration migration, List<Map.Entry<Object, TargetItem>> items, boolean fresh) {
        for (Map.Entry<Object, TargetItem> item : items) {
            checkTables(migration, item.getValue());
        }
        List<Object> itemIds = items.stream().map(Map.Entry::getKey).toList();
        List<TableRows> tables = new ArrayList<>();
        for (TargetTable table : migration.targets()) {
            tables.add(rowsOf(migration, table, items));
        }
        boolean copyable = copy != null && tables.stream().allMatch(TableRows::copyable);
        if (copyable && fresh && insertFresh(tables, itemIds)) {
            return;
        }
        for (TableRows rows : tables) {
            TargetTable table = rows.table();
            if (copyable) {
                copy.upsert(table.table(), rows.keys(), catalog.writeFactsOf(table.table()).generatedAlways(), rows.shapes(), stage -> {
                    if (table.owned()) {
                        removeStale(table, rows.keys(), itemIds, rows.maps(), stage);
                    }
                });
                continue;
            }
            if (table.owned()) {
                removeStale(table, rows.keys(), itemIds, rows.maps(), null);
            }
            if (rows.updateThenInsert()) {
                updateThenInsert.writeAll(table.table(), rows.keys(), rows.statements().stream().map(TargetWriter::rowToUpdateThenInsert).toList());
                continue;
            }
            Map<String, List<Object[]>> batches = new java.util.LinkedHashMap<>();
            for (Statement row : rows.statements()) {
                Statement upsert = withSql(table.table(), rows.keys(), row);
                batches.computeIfAbsent(upsert.sql(), k -> new ArrayList<>()).add(upsert.values().toArray());
            }
            batches.forEach(jdbc::batchUpdate);
        }
    }

    /** A chunk's rows of one target table: as converted, checked and bindable, and grouped by column list for COPY. */
    private record TableRows(TargetTable table, TableSchema schema, List<String> keys, List<Map<String, Object>> maps,
                             List<Statement> statements, List<CopyWriter.Shape> shapes, boolean updateThenInsert) {

        /** COPY would bypass a table's rules and cannot write a view: such tables never take it. */
        boolean copyable() {
            return !updateThenInsert && shapes.stream().allMatch(shape -> CopyWriter.canCopy(shape.rows(),
                    shape.columns().stream().map(schema::column).toList()));
        }
    }

    private TableRows rowsOf(Migration migration, TargetTable table, List<Map.Entry<Object, TargetItem>> items) {
        List<String> keys = catalog.keyOf(migration.name(), table.table(), table.keyColumns());
        List<Statement> statements = new ArrayList<>();
        Map<List<String>, CopyWriter.Shape> shapes = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Map.Entry<Object, TargetItem> item : items) {
            for (Map<String, Object> row : item.getValue().rows(table.table())) {
                Statement values = rowOf(table.table(), keys, row);
                statements.add(values);
                shapes.computeIfAbsent(values.columns(), c -> new CopyWriter.Shape(c, new ArrayList<>())).rows()
                        .add(values.values().toArray());
                maps.add(row);
            }
        }
        return new TableRows(table, catalog.schemaOf(table.table()), keys, maps, statements, List.copyOf(shapes.values()),
                catalog.writeFactsOf(table.table()).updateThenInsert());
    }

    /**
     * The first run of a migration writes rows that are not in the target yet: they are copied straight
     * into their tables, with no staging table, no upsert and no search for stale rows. That gives the
     * upsert's end state only when the target holds nothing of these items: owned tables are asked first
     * whether they hold rows of these owners (then the chunk is upserted, so that columns the item does not
     * write keep their values and stale rows are removed); any other row already there collides with its
     * key, and everything copied is rolled back to a savepoint before the chunk is upserted as usual.
     *
     * @return false when the target held something of these items, and nothing was written
     */
    private boolean insertFresh(List<TableRows> tables, List<Object> itemIds) {
        for (TableRows rows : tables) {
            if (rows.table().owned() && holdsRowsOf(rows.table(), itemIds)) {
                return false;
            }
        }
        return copy.insertUnlessPresent(() -> {
            copy.reuseForeignKeyCheckPlans();
            for (TableRows rows : tables) {
                for (CopyWriter.Shape shape : rows.shapes()) {
                    copy.insert(rows.table().table(), shape.columns(), shape.rows());
                }
            }
        });
    }

    private boolean holdsRowsOf(TargetTable table, List<Object> itemIds) {
        Statement owned = ownedBy(table, itemIds);
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + Identifiers.quote(table.table())
                + " t WHERE " + owned.sql() + ")", Boolean.class, owned.values().toArray()));
    }

    /**
     * Removes the rows owned by these items that none of their new rows keeps. One statement for many
     * owners is exact: a key is unique in its table, so a row kept by another item of the chunk is moved to
     * that item by its upsert, not lost. With a staging table, the rows kept are the staged ones.
     */
    private int removeStale(TargetTable table, List<String> keys, List<Object> itemIds, List<Map<String, Object>> rows,
                            String stage) {
        Statement delete = removeStaleOf(table, keys, itemIds, rows, stage);
        return jdbc.update(delete.sql(), delete.values().toArray());
    }

    private Statement removeStaleOf(TargetTable table, List<String> keys, List<Object> itemIds, List<Map<String, Object>> rows,
                                    String stage) {
        TableSchema schema = catalog.schemaOf(table.table());
        Statement owned = ownedBy(table, itemIds);
        List<Object> values = new ArrayList<>(owned.values());
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(Identifiers.quote(table.table())).append(" t")
                .append(" WHERE ").append(owned.sql());
        if (stage != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(stage).append(" s WHERE ")
                    .append(CopyWriter.sameKey("s", "t", keys)).append(")");
        } else if (!rows.isEmpty()) {
            String keyList = keys.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
            List<String> tuples = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                List<String> placeholders = new ArrayList<>();
                for (String key : keys) {
                    Object value = Binding.value(schema, key, bindable(schema, key, coercion.coerce(schema, schema.column(key), valueOf(row, key))));
                    placeholders.add(Binding.placeholder(dialect, schema, key, value));
                    values.add(value);
                }
                tuples.add("(" + String.join(", ", placeholders) + ")");
            }
            sql.append(" AND (").append(keyList).append(") NOT IN (").append(String.join(", ", tuples)).append(")");
        }
        return new Statement(sql.toString(), List.of(), values, List.of());
    }

    /** The condition on {@code t}, a row of an owned table, that it belongs to one of these items. */
    private Statement ownedBy(TargetTable table, List<Object> itemIds) {
        TableSchema schema = catalog.schemaOf(table.table());
        List<Object> values = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Object itemId : itemIds) {
            Object owner = Binding.value(schema, table.ownerColumn(), itemId);
            owners.add(Binding.placeholder(dialect, schema, table.ownerColumn(), owner));
            values.add(owner);
        }
        String sql = "t." + Identifiers.quote(table.ownerColumn())
                + (owners.size() == 1 ? " = " + owners.get(0) : " IN (" + String.join(", ", owners) + ")");
        return new Statement(sql, List.of(), values, List.of());
    }

    private String placeholder(TableSchema schema, String column, Object value) {
        return Binding.placeholder(dialect, schema, column, value);
    }

    private void checkTables(Migration migration, TargetItem item) {
        for (String table : item.asMap().keySet()) {
            if (migration.target(table) == null) {
                throw new ItemDataException("-", "the converter produced rows for table '" + table
                        + "', which is not declared in the targets of migration '" + migration.name() + "'", null);
            }
        }
    }

    static Object valueOf(Map<String, Object> row, String column) {
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            if (cell.getKey().equalsIgnoreCase(column)) {
                return cell.getValue();
            }
        }
        return null;
    }

    private Object bindable(TableSchema schema, String column, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            // most values, told apart by their class; the interface checks below scan a class's interfaces
            return value;
        }
        if (value instanceof Bytes) {
            return Binding.unwrapBytes(schema, column, value);
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return json.writeValueAsString(timesAsText(value));
            } catch (JsonProcessingException e) {
                throw new ItemDataException(column, "cannot be written as JSON: " + e.getOriginalMessage(), value);
            }
        }
        return value instanceof Enum<?> e ? e.name() : value;
    }

    /**
     * A JSON value with its java.time values as their ISO-8601 text (a LocalDate as "1815-12-10"), which
     * Jackson refuses without a module of its own; everything else is left to Jackson as it is.
     */
    private static Object timesAsText(Object value) {
        if (value instanceof java.time.temporal.TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, timesAsText(v)));
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(timesAsText(v)));
            return copy;
        }
        return value;
    }
}
