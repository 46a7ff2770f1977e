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
 * the table's key columns, and for owned child tables the removal of rows no longer in the item.
 * It runs on the target DataSource that the transaction manager also holds, so it joins the item's
 * transaction.
 */
public final class TargetWriter {

    private final JdbcTemplate jdbc;
    private final TableCatalog catalog;
    private final TargetDialect dialect;
    private final ObjectMapper json;
    private final CopyWriter copy;
    private final Map<String, String> upserts = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param copy bulk writes through COPY (PostgreSQL), or null for JDBC batches */
    public TargetWriter(JdbcTemplate jdbc, TableCatalog catalog, TargetDialect dialect, ObjectMapper json, CopyWriter copy) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.dialect = dialect;
        this.json = json;
        this.copy = copy;
    }

    /** Checks, before any item, that every target table exists and has a key. */
    public void validate(Migration migration) {
        for (TargetTable table : migration.targets()) {
            catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            if (table.owned() && !catalog.schemaOf(table.table()).hasColumn(table.ownerColumn())) {
                throw new io.drover.DroverConfigException("migration '" + migration.name() + "': owner column '"
                        + table.ownerColumn() + "' does not exist in target table '" + table.table() + "'");
            }
        }
    }

    /** Writes the item's rows, parents first as declared; returns how many rows were inserted, changed or removed. */
    public int write(Migration migration, Object itemId, TargetItem item) {
        checkTables(migration, item);
        int changed = 0;
        for (TargetTable table : migration.targets()) {
            List<String> keys = catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            List<Map<String, Object>> rows = item.rows(table.table());
            if (table.owned()) {
                changed += removeStale(table, keys, itemId, rows);
            }
            for (Map<String, Object> row : rows) {
                changed += upsert(table.table(), keys, row);
            }
        }
        return changed;
    }

    private int upsert(String table, List<String> keys, Map<String, Object> row) {
        Statement upsert = upsertOf(table, keys, row);
        try {
            return jdbc.update(upsert.sql(), upsert.values().toArray());
        } catch (org.springframework.dao.DataAccessException e) {
            throw ValueDiagnosis.of(jdbc.getDataSource(), dialect, catalog.schemaOf(table), upsert.columns(), upsert.values(), e);
        }
    }

    /** One statement with its values; rows of the same shape share the SQL text and go in one JDBC batch. */
    private record Statement(String sql, List<String> columns, List<Object> values) {
    }

    private Statement upsertOf(String table, List<String> keys, Map<String, Object> row) {
        TableSchema schema = catalog.schemaOf(table);
        List<String> columns = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            String column = cell.getKey().toLowerCase(Locale.ROOT);
            if (!schema.hasColumn(column)) {
                throw new ItemDataException(column, "is not a column of target table '" + table + "'", cell.getValue());
            }
            Object value = bindable(cell.getValue());
            columns.add(column);
            placeholders.add(placeholder(schema, column, value));
            values.add(value);
        }
        for (String key : keys) {
            int at = columns.indexOf(key);
            if (at < 0 || values.get(at) == null) {
                throw new ItemDataException(key, "is a key of target table '" + table + "' and must not be null", null);
            }
        }
        // rows of one table mostly share one shape: build its SQL once
        String sql = upserts.computeIfAbsent(table + "\u0000" + keys + "\u0000" + columns + "\u0000" + placeholders,
                k -> dialect.upsert(table, columns, placeholders, keys));
        return new Statement(sql, columns, values);
    }

    /**
     * Writes the rows of many items at once (bulk mode): per table, parents first, the rows go through
     * COPY into a staging table and one upsert per row shape (PostgreSQL), or in JDBC batches, one per
     * statement shape; owned child rows no longer in their item are removed with one statement per table.
     * The end state is the one {@link #write} gives item by item. A failure names no item: the caller
     * splits the chunk to find the bad one.
     */
    public void writeAll(Migration migration, List<Map.Entry<Object, TargetItem>> items) {
        for (Map.Entry<Object, TargetItem> item : items) {
            checkTables(migration, item.getValue());
        }
        List<Object> itemIds = items.stream().map(Map.Entry::getKey).toList();
        for (TargetTable table : migration.targets()) {
            List<String> keys = catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            Map<String, List<Object[]>> batches = new java.util.LinkedHashMap<>();
            Map<List<String>, CopyWriter.Shape> shapes = new java.util.LinkedHashMap<>();
            List<Map<String, Object>> allRows = new ArrayList<>();
            for (Map.Entry<Object, TargetItem> item : items) {
                for (Map<String, Object> row : item.getValue().rows(table.table())) {
                    Statement upsert = upsertOf(table.table(), keys, row);
                    Object[] values = upsert.values().toArray();
                    batches.computeIfAbsent(upsert.sql(), k -> new ArrayList<>()).add(values);
                    shapes.computeIfAbsent(upsert.columns(), c -> new CopyWriter.Shape(c, new ArrayList<>())).rows().add(values);
                    allRows.add(row);
                }
            }
            if (copy != null && shapes.values().stream().allMatch(shape -> CopyWriter.canCopy(shape.rows()))) {
                copy.upsert(table.table(), keys, List.copyOf(shapes.values()), stage -> {
                    if (table.owned()) {
                        removeStale(table, keys, itemIds, allRows, stage);
                    }
                });
                continue;
            }
            if (table.owned()) {
                removeStale(table, keys, itemIds, allRows, null);
            }
            batches.forEach(jdbc::batchUpdate);
        }
    }

    private int removeStale(TargetTable table, List<String> keys, Object itemId, List<Map<String, Object>> rows) {
        return removeStale(table, keys, List.of(itemId), rows, null);
    }

    /**
     * Removes the rows owned by these items that none of their new rows keeps. One statement for many
     * owners is exact: a key is unique in its table, so a row kept by another item of the chunk is moved to
     * that item by its upsert, not lost. With a staging table, the rows kept are the staged ones.
     */
    private int removeStale(TargetTable table, List<String> keys, List<Object> itemIds, List<Map<String, Object>> rows,
                            String stage) {
        TableSchema schema = catalog.schemaOf(table.table());
        List<Object> values = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Object itemId : itemIds) {
            Object owner = Binding.value(schema, table.ownerColumn(), itemId);
            owners.add(Binding.placeholder(dialect, schema, table.ownerColumn(), owner));
            values.add(owner);
        }
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(Identifiers.quote(table.table())).append(" t")
                .append(" WHERE t.").append(Identifiers.quote(table.ownerColumn()))
                .append(owners.size() == 1 ? " = " + owners.get(0) : " IN (" + String.join(", ", owners) + ")");
        if (stage != null) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(stage).append(" s WHERE ")
                    .append(CopyWriter.sameKey("s", "t", keys)).append(")");
        } else if (!rows.isEmpty()) {
            String keyList = keys.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
            List<String> tuples = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                List<String> placeholders = new ArrayList<>();
                for (String key : keys) {
                    Object value = Binding.value(schema, key, bindable(valueOf(row, key)));
                    placeholders.add(Binding.placeholder(dialect, schema, key, value));
                    values.add(value);
                }
                tuples.add("(" + String.join(", ", placeholders) + ")");
            }
            sql.append(" AND (").append(keyList).append(") NOT IN (").append(String.join(", ", tuples)).append(")");
        }
        return jdbc.update(sql.toString(), values.toArray());
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

    private Object bindable(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return json.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write a value as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return value instanceof Enum<?> e ? e.name() : value;
    }
}
