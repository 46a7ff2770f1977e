package io.drover.scaffold;

import io.drover.target.TableSchema;
import java.util.List;
import java.util.Map;

/**
 * The tables of one database as the scaffold sees them, by lower-case name: their columns and keys (read
 * by the target package's {@link io.drover.target.TableCatalog}), their foreign keys, and the name each
 * table has in its database, which source queries must use.
 */
public record DatabaseSchema(Map<String, TableSchema> tables, Map<String, List<ForeignKey>> foreignKeys,
                             Map<String, String> databaseNames) {

    public boolean has(String table) {
        return tables.containsKey(table);
    }

    public TableSchema table(String table) {
        return tables.get(table);
    }

    public List<ForeignKey> foreignKeysOf(String table) {
        return foreignKeys.getOrDefault(table, List.of());
    }

    /** The table's name as its database spells it (MariaDB keeps the case it was created with). */
    public String databaseName(String table) {
        return databaseNames.getOrDefault(table, table);
    }
}
