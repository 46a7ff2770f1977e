package io.drover.target;

import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.pipeline.TargetItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what the target holds for one item, table by table and key by key: the rows with the item's
 * keys and, for owned tables, every row the item owns. Used to preview an item's changes.
 */
public final class TargetSnapshot {

    private static final ExactColumnMapRowMapper ROWS = new ExactColumnMapRowMapper();

    private final JdbcTemplate jdbc;
    private final TableCatalog catalog;
    private final TargetDialect dialect;

    public TargetSnapshot(JdbcTemplate jdbc, TableCatalog catalog, TargetDialect dialect) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.dialect = dialect;
    }

    /** table → key (as text) → row, for the tables of the migration. */
    public Map<String, Map<String, Map<String, Object>>> read(Migration migration, Object itemId, TargetItem item) {
        Map<String, Map<String, Map<String, Object>>> snapshot = new LinkedHashMap<>();
        for (TargetTable table : migration.targets()) {
            List<String> keys = catalog.keyOf(migration.name(), table.table(), table.keyColumns());
            TableSchema schema = catalog.schemaOf(table.table());
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            String select = "SELECT * FROM " + Identifiers.quote(table.table()) + " WHERE ";
            if (table.owned()) {
                Object owner = Binding.value(schema, table.ownerColumn(), itemId);
                String where = Identifiers.quote(table.ownerColumn()) + " = " + Binding.placeholder(dialect, schema, table.ownerColumn(), owner);
                for (Map<String, Object> row : jdbc.query(select + where, ROWS, owner)) {
                    put(rows, keys, row);
                }
            }
            for (Map<String, Object> wanted : item.rows(table.table())) {
                List<Object> keyValues = new ArrayList<>();
                List<String> conditions = new ArrayList<>();
                for (String key : keys) {
                    Object value = Binding.value(schema, key, Binding.unwrapBytes(schema, key, TargetWriter.valueOf(wanted, key)));
                    keyValues.add(value);
                    conditions.add(Identifiers.quote(key) + " = " + Binding.placeholder(dialect, schema, key, value));
                }
                for (Map<String, Object> row : jdbc.query(select + String.join(" AND ", conditions), ROWS, keyValues.toArray())) {
                    put(rows, keys, row);
                }
            }
            snapshot.put(table.table(), rows);
        }
        return snapshot;
    }

    private static void put(Map<String, Map<String, Object>> rows, List<String> keys, Map<String, Object> row) {
        Map<String, Object> plain = JdbcValues.row(row);
        String key = keys.stream().map(k -> k + "=" + plain.get(k)).collect(Collectors.joining(","));
        rows.put(key, plain);
    }
}
