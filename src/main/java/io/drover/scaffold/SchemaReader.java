package io.drover.scaffold;

import io.drover.DroverConfigException;
import io.drover.config.Secrets;
import io.drover.log.DroverTables;
import io.drover.target.TableCatalog;
import io.drover.target.TableSchema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads the tables of a database's current schema over JDBC metadata: which tables exist and their
 * foreign keys here; their columns and keys through {@link TableCatalog}, as every other part of Drover
 * reads them.
 */
public final class SchemaReader {

    private SchemaReader() {
    }

    /** The source's tables: their foreign keys are not read, the scaffold follows the target's. */
    public static DatabaseSchema source(DataSource dataSource) {
        return read("source", dataSource, false);
    }

    /** The target's tables with their foreign keys. */
    public static DatabaseSchema target(DataSource dataSource) {
        return read("target", dataSource, true);
    }

    /** @param which "source" or "target", for messages */
    private static DatabaseSchema read(String which, DataSource dataSource, boolean withForeignKeys) {
        Map<String, String> names = new TreeMap<>();
        Map<String, List<ForeignKey>> foreignKeys = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String catalog = connection.getCatalog();
            String schema = connection.getSchema();
            try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    names.put(name.toLowerCase(Locale.ROOT), name);
                }
            }
            // Drover's tables live in a schema of their own (drover.schema), which is never read here. A target
            // not yet upgraded still has them in its current schema, beside their history: never proposed either
            if (names.containsKey(DroverTables.HISTORY)) {
                names.keySet().removeAll(DroverTables.ALL);
            }
            for (Map.Entry<String, String> table : withForeignKeys ? names.entrySet() : Set.<Map.Entry<String, String>>of()) {
                foreignKeys.put(table.getKey(), foreignKeys(meta, catalog, schema, table.getValue()));
            }
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the tables of the " + which + " database: "
                    + Secrets.maskUrl(String.valueOf(e.getMessage())), e);
        }
        TableCatalog catalog = new TableCatalog(dataSource);
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        names.forEach((lower, name) -> tables.put(lower, catalog.schemaOf(name)));
        return new DatabaseSchema(tables, foreignKeys, names);
    }

    private static List<ForeignKey> foreignKeys(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        // one row per column of each key, in key order (KEY_SEQ)
        Map<String, List<String[]>> byKey = new LinkedHashMap<>();
        Map<String, Boolean> deferrable = new LinkedHashMap<>();
        try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
            while (rs.next()) {
                String key = rs.getString("FK_NAME") + "\u0000" + rs.getString("PKTABLE_NAME");
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {
                        rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME"),
                        String.valueOf(rs.getInt("KEY_SEQ"))});
                deferrable.put(key, rs.getInt("DEFERRABILITY") != DatabaseMetaData.importedKeyNotDeferrable);
            }
        }
        List<ForeignKey> keys = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> key : byKey.entrySet()) {
            List<String[]> columns = new ArrayList<>(key.getValue());
            columns.sort((a, b) -> Integer.compare(Integer.parseInt(a[3]), Integer.parseInt(b[3])));
            keys.add(new ForeignKey(key.getKey().substring(0, key.getKey().indexOf('\u0000')), lower(table),
                    columns.stream().map(c -> lower(c[0])).toList(), lower(columns.get(0)[1]),
                    columns.stream().map(c -> lower(c[2])).toList(), deferrable.get(key.getKey())));
        }
        return keys;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
