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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads the tables of a database's current schema: which tables exist over JDBC metadata here; their
 * columns, keys and foreign keys through {@link TableCatalog}, as every other part of Drover reads them.
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
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the tables of the " + which + " database: "
                    + Secrets.maskUrl(String.valueOf(e.getMessage())), e);
        }
        TableCatalog catalog = new TableCatalog(dataSource);
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        names.forEach((lower, name) -> tables.put(lower, catalog.schemaOf(name)));
        if (withForeignKeys) {
            names.forEach((lower, name) -> foreignKeys.put(lower, catalog.foreignKeysOf(name).stream().map(SchemaReader::unqualified).toList()));
        }
        return new DatabaseSchema(tables, foreignKeys, names);
    }

    /** The catalog's key with table names as the scaffold compares them: without their schema. */
    private static ForeignKey unqualified(TableCatalog.ForeignKey key) {
        return new ForeignKey(key.name(), unqualified(key.table()), key.columns(), unqualified(key.referencedTable()),
                key.referencedColumns(), key.deferrable());
    }

    private static String unqualified(String table) {
        return table.substring(table.indexOf('.') + 1);
    }

}
