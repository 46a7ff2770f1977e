package io.drover.target;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes rows into a table that refuses {@code INSERT … ON CONFLICT}: one with INSERT or UPDATE rules, or a
 * view written by INSTEAD OF triggers. A row is updated by its key where a value differs, and inserted when
 * no row has its key. The row count of the UPDATE decides nothing on its own: a conditional DO INSTEAD rule
 * makes PostgreSQL report the count of the original statement, which the rule's condition left with no row
 * (UPDATE 0 for a row that changed); whether the key is there is asked of the table. Reading and writing
 * are two steps, which is safe because one run at a time writes a migration (the run lock) and all of it
 * happens in the item's (or the chunk's) transaction.
 */
final class UpdateThenInsert {

    /** Rows compared in one existence query: far below PostgreSQL's 65,535 parameters. */
    private static final int ROWS_PER_QUERY = 1000;

    private final JdbcTemplate jdbc;
    private final TableCatalog catalog;
    private final TargetDialect dialect;

    UpdateThenInsert(JdbcTemplate jdbc, TableCatalog catalog, TargetDialect dialect) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.dialect = dialect;
    }

    /** One row: its columns and bindable values, and the values of the key columns among them. */
    record Row(List<String> columns, List<Object> values, List<Object> keyValues) {
    }

    /** Writes one row: UPDATE where it differs, else INSERT unless its key is there. */
    void write(String table, List<String> keys, Row row) {
        SqlOfRow sql = sqlOf(table, keys, row);
        if (sql.update() != null && jdbc.update(sql.update(), sql.updateValues().toArray()) > 0) {
            return;
        }
        if (!Boolean.TRUE.equals(jdbc.queryForObject(sql.exists(), Boolean.class, sql.keyValues().toArray()))) {
            jdbc.update(sql.insert(), row.values().toArray());
        }
    }

    /**
     * Writes many rows (bulk mode): first one count of the keys already there per thousand rows, then the
     * UPDATEs of the rows whose key is there and the INSERTs of the others, each in JDBC batches. A first
     * load (no key there) sends only INSERTs and a rerun (every key there) only UPDATEs; only a mix asks the
     * table row by row which keys it holds.
     */
    void writeAll(String table, List<String> keys, List<Row> rows) {
        Set<List<Object>> distinct = new HashSet<>();
        if (rows.stream().anyMatch(row -> !distinct.add(row.keyValues()))) {
            // two rows of one key: the second must see the first, so one by one in their order
            rows.forEach(row -> write(table, keys, row));
            return;
        }
        List<SqlOfRow> sql = rows.stream().map(row -> sqlOf(table, keys, row)).toList();
        Map<String, List<Object[]>> updates = new LinkedHashMap<>();
        Map<String, List<Object[]>> inserts = new LinkedHashMap<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_QUERY) {
            int to = Math.min(rows.size(), from + ROWS_PER_QUERY);
            int present = countPresent(table, keys, sql.subList(from, to));
            for (int i = from; i < to; i++) {
                SqlOfRow row = sql.get(i);
                boolean there = present == to - from
                        || present > 0 && Boolean.TRUE.equals(jdbc.queryForObject(row.exists(), Boolean.class, row.keyValues().toArray()));
                if (!there) {
                    inserts.computeIfAbsent(row.insert(), k -> new ArrayList<>()).add(rows.get(i).values().toArray());
                } else if (row.update() != null) { // a row of keys only is there already: nothing to write
                    updates.computeIfAbsent(row.update(), k -> new ArrayList<>()).add(row.updateValues().toArray());
                }
            }
        }
        updates.forEach(jdbc::batchUpdate);
        inserts.forEach(jdbc::batchUpdate);
    }

    /** How many of these rows' keys the table holds. */
    private int countPresent(String table, List<String> keys, List<SqlOfRow> rows) {
        List<Object> values = new ArrayList<>();
        List<String> tuples = new ArrayList<>();
        for (SqlOfRow row : rows) {
            tuples.add("(" + String.join(", ", row.keyPlaceholders()) + ")");
            values.addAll(row.keyValues());
        }
        Integer count = jdbc.queryForObject("SELECT count(*) FROM " + Identifiers.quote(table) + " WHERE ("
                + TargetDialect.quoted(keys) + ") IN (" + String.join(", ", tuples) + ")", Integer.class, values.toArray());
        return count == null ? 0 : count;
    }

    /** A row's three statements: the UPDATE (null when every column is a key), the key's existence, the INSERT. */
    private record SqlOfRow(String update, List<Object> updateValues, String exists, List<String> keyPlaceholders,
                            List<Object> keyValues, String insert) {
    }

    private SqlOfRow sqlOf(String table, List<String> keys, Row row) {
        TableSchema schema = catalog.schemaOf(table);
        TableWriteFacts facts = catalog.writeFactsOf(table);
        String t = Identifiers.quote(table);
        List<String> keyPlaceholders = new ArrayList<>(keys.size());
        List<Object> keyValues = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Object value = Binding.value(schema, keys.get(i), row.keyValues().get(i));
            keyPlaceholders.add(Binding.placeholder(dialect, schema, keys.get(i), value));
            keyValues.add(value);
        }
        String byKey = " WHERE " + String.join(" AND ", placed(keys, keyPlaceholders, " = "));

        List<String> set = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        List<Object> setValues = new ArrayList<>();
        List<String> placeholders = new ArrayList<>(row.columns().size());
        for (int i = 0; i < row.columns().size(); i++) {
            String column = row.columns().get(i);
            String placeholder = Binding.placeholder(dialect, schema, column, row.values().get(i));
            placeholders.add(placeholder);
            // a key is what the row is found by, and an identity GENERATED ALWAYS cannot be updated
            if (!keys.contains(column) && !facts.generatedAlways().contains(column)) {
                set.add(Identifiers.quote(column) + " = " + placeholder);
                stored.add(StoredValueComparison.stored(column));
                wanted.add(StoredValueComparison.wanted(schema, facts, column, placeholder));
                setValues.add(row.values().get(i));
            }
        }
        String update = null;
        List<Object> updateValues = new ArrayList<>();
        if (!set.isEmpty()) {
            // compared as text, like the upsert: an unchanged row is not touched (no new row version, no trigger)
            update = "UPDATE " + t + " SET " + String.join(", ", set) + byKey + " AND (" + String.join(", ", stored)
                    + ") IS DISTINCT FROM (" + String.join(", ", wanted) + ")";
            updateValues.addAll(setValues);
            updateValues.addAll(keyValues);
            updateValues.addAll(setValues);
        }
        String exists = "SELECT EXISTS (SELECT 1 FROM " + t + byKey + ")";
        String insert = TargetDialect.insert(table, row.columns(), facts.generatedAlways())
                + "VALUES (" + String.join(", ", placeholders) + ")";
        return new SqlOfRow(update, updateValues, exists, keyPlaceholders, keyValues, insert);
    }

    private static List<String> placed(List<String> columns, List<String> placeholders, String operator) {
        List<String> conditions = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            conditions.add(Identifiers.quote(columns.get(i)) + operator + placeholders.get(i));
        }
        return conditions;
    }
}
