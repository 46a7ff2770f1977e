package io.drover.target;

import io.drover.DroverConfigException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** Reads and caches the schema of target tables from JDBC metadata. */
public final class TableCatalog {

    private final DataSource dataSource;
    private final Map<String, TableSchema> cache = new ConcurrentHashMap<>();
    private final Map<String, TableWriteFacts> writeFacts = new ConcurrentHashMap<>();

    public TableCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public TableSchema schemaOf(String table) {
        TableSchema known = cache.get(table); // asked once per row in bulk mode: mostly by the name it was read under
        return known != null ? known : cache.computeIfAbsent(table.toLowerCase(Locale.ROOT), this::read);
    }

    private TableSchema read(String qualifiedTable) {
        String schema = null;
        String table = qualifiedTable;
        int dot = qualifiedTable.indexOf('.');
        if (dot > 0) {
            schema = qualifiedTable.substring(0, dot);
            table = qualifiedTable.substring(dot + 1);
        }
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            if (schema == null) {
                schema = connection.getSchema();
            }
            Map<String, String> columns = new LinkedHashMap<>();
            Map<String, String> declared = new LinkedHashMap<>();
            java.util.Set<String> notNull = new java.util.HashSet<>();
            java.util.Set<String> defaulted = new java.util.HashSet<>();
            try (ResultSet rs = meta.getColumns(connection.getCatalog(), schema, table, null)) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    String type = rs.getString("TYPE_NAME");
                    columns.put(column, type);
                    declared.put(column, declared(type, rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS")));
                    if (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls) {
                        notNull.add(column);
                    }
                    if (rs.getString("COLUMN_DEF") != null || "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))
                            || "YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN"))) {
                        defaulted.add(column);
                    }
                }
            }
            if (columns.isEmpty()) {
                throw new DroverConfigException("target table '" + qualifiedTable + "' does not exist in the target database"
                        + " (schema '" + schema + "'); create it first or correct the migration's 'targets'");
            }
            Map<Integer, String> keyBySeq = new TreeMap<>();
            try (ResultSet rs = meta.getPrimaryKeys(connection.getCatalog(), schema, table)) {
                while (rs.next()) {
                    keyBySeq.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            Map<String, java.util.Set<String>> uniqueIndexes = new LinkedHashMap<>();
            try (ResultSet rs = meta.getIndexInfo(connection.getCatalog(), schema, table, true, true)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null && rs.getString("COLUMN_NAME") != null) {
                        uniqueIndexes.computeIfAbsent(rs.getString("INDEX_NAME"), n -> new java.util.HashSet<>())
                                .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            Map<String, ColumnType> pgTypes = "PostgreSQL".equals(meta.getDatabaseProductName())
                    ? PostgresColumnTypes.read(connection, schema, table) : Map.of();
            // JDBC names a serial column's type "serial", which no cast knows: the catalog's name is the real one
            pgTypes.forEach((column, type) -> columns.computeIfPresent(column, (c, reported) -> type.name()));
            return new TableSchema(qualifiedTable, columns, declared, new ArrayList<>(keyBySeq.values()),
                    new ArrayList<>(uniqueIndexes.values()), notNull, defaulted, pgTypes);
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the structure of target table '" + qualifiedTable + "': "
                    + e.getMessage(), e);
        }
    }

    /** A type with the length or precision that limits its values, as far as the metadata tells it. */
    static String declared(String type, int size, int digits) {
        String lower = type.toLowerCase(Locale.ROOT);
        boolean sized = lower.equals("varchar") || lower.equals("bpchar") || lower.equals("character varying") || lower.equals("character");
        if (sized && size > 0 && size < 10_485_760) {
            return type + "(" + size + ")";
        }
        if ((lower.equals("numeric") || lower.equals("decimal")) && size > 0 && size <= 1000) {
            return type + "(" + size + "," + Math.max(digits, 0) + ")";
        }
        return type;
    }

    /** The key columns a table is upserted by: the declared ones, else its primary key. */
    public List<String> keyOf(String migration, String table, List<String> declared) {
        TableSchema schema = schemaOf(table);
        List<String> key = declared.isEmpty() ? schema.primaryKey() : declared;
        if (key.isEmpty()) {
            throw new DroverConfigException("migration '" + migration + "': target table '" + table + "' has no primary key"
                    + " and none is declared; declare one in 'targets', e.g. '" + table + " key id'");
        }
        for (String column : key) {
            if (!schema.hasColumn(column)) {
                throw new DroverConfigException("migration '" + migration + "': key column '" + column
                        + "' does not exist in target table '" + table + "'");
            }
        }
        // a table written by update-then-insert names no unique index (a view has none to name)
        if (!schema.isUnique(key) && !writeFactsOf(table).updateThenInsert()) {
            throw new DroverConfigException("migration '" + migration + "': target table '" + table + "' has no primary key or"
                    + " unique index on " + key + ", which an idempotent upsert needs; add one (ALTER TABLE " + table
                    + " ADD UNIQUE (" + String.join(", ", key) + ")) or declare another key");
        }
        return key;
    }

    /**
     * A foreign key of a target table: tables as {@code schema.table}, lower case; its columns and the
     * columns they reference in key order.
     */
    public record ForeignKey(String name, String table, List<String> columns, String referencedTable,
                             List<String> referencedColumns, boolean deferrable) {
    }

    /** The schema-qualified, lower-case name of a target table as declared ({@code table} or {@code schema.table}). */
    public String qualifiedName(String table) {
        if (table.indexOf('.') > 0) {
            return table.toLowerCase(Locale.ROOT);
        }
        try (Connection connection = dataSource.getConnection()) {
            return (connection.getSchema() + "." + table).toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the current schema of the target: " + e.getMessage(), e);
        }
    }

    /**
     * The foreign keys declared on a target table, from PostgreSQL's catalog (pg_constraint), or from H2's
     * JDBC metadata. pgjdbc's getImportedKeys answers the same in one general query that took a tenth of a
     * second per table: for a plan of many tables, most of its start.
     */
    private static final String FOREIGN_KEYS = """
            SELECT con.conname AS fk_name, con.condeferrable AS deferrable, a.attname AS fkcolumn_name,
                   lower(rn.nspname || '.' || r.relname) AS referenced, ra.attname AS pkcolumn_name
              FROM pg_constraint con
              CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, seq)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
              JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum
              JOIN pg_class r ON r.oid = con.confrelid
              JOIN pg_namespace rn ON rn.oid = r.relnamespace
             WHERE con.contype = 'f' AND con.conrelid = to_regclass(?)
             ORDER BY con.conname, k.seq""";

    public List<ForeignKey> foreignKeysOf(String table) {
        String qualified = qualifiedName(table);
        int dot = qualified.indexOf('.');
        try (Connection connection = dataSource.getConnection()) {
            if (connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
                Map<String, ForeignKey> keys = new LinkedHashMap<>();
                try (java.sql.PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS)) {
                    statement.setString(1, Identifiers.quote(qualified));
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            boolean deferrable = rs.getBoolean("deferrable");
                            String referenced = rs.getString("referenced");
                            ForeignKey key = keys.computeIfAbsent(rs.getString("fk_name"),
                                    n -> new ForeignKey(n, qualified, new ArrayList<>(), referenced, new ArrayList<>(), deferrable));
                            key.columns().add(rs.getString("fkcolumn_name").toLowerCase(Locale.ROOT));
                            key.referencedColumns().add(rs.getString("pkcolumn_name").toLowerCase(Locale.ROOT));
                        }
                    }
                }
                return List.copyOf(keys.values());
            }
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the foreign keys of target table '" + table + "': " + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection();
             ResultSet rs = connection.getMetaData().getImportedKeys(connection.getCatalog(), qualified.substring(0, dot),
                     qualified.substring(dot + 1))) {
            Map<String, ForeignKey> keys = new LinkedHashMap<>();
            while (rs.next()) {
                String referenced = (rs.getString("PKTABLE_SCHEM") + "." + rs.getString("PKTABLE_NAME")).toLowerCase(Locale.ROOT);
                String name = rs.getString("FK_NAME") != null ? rs.getString("FK_NAME") : referenced;
                boolean deferrable = rs.getShort("DEFERRABILITY") != DatabaseMetaData.importedKeyNotDeferrable;
                ForeignKey key = keys.computeIfAbsent(name, n -> new ForeignKey(n, qualified, new ArrayList<>(), referenced,
                        new ArrayList<>(), deferrable));
                key.columns().add(rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT));
                key.referencedColumns().add(rs.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT));
            }
            return List.copyOf(keys.values());
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the foreign keys of target table '" + table + "': " + e.getMessage(), e);
        }
    }

    /** A sequence that feeds an integer column of a target table: serial, identity, or a default of nextval(…). */
    public record SequenceColumn(String table, String column, String sequence) {
    }

    /**
     * PostgreSQL only: the sequences feeding a table's integer columns, by column default (serial, a
     * nextval(…) default) or by ownership (serial, identity). Sequence names are as regclass prints them.
     */
    public List<SequenceColumn> sequencesOf(String table) {
        String sql = """
                SELECT a.attname AS column_name, seq.oid::regclass::text AS sequence_name
                  FROM pg_attribute a
                  JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid
                                    AND dep.refclassid = 'pg_class'::regclass
                  JOIN pg_class seq ON seq.oid = dep.refobjid AND seq.relkind = 'S'
                 WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
                   AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
                UNION
                SELECT a.attname, seq.oid::regclass::text
                  FROM pg_attribute a
                  JOIN pg_depend dep ON dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
                                    AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass
                                    AND dep.deptype IN ('a', 'i')
                  JOIN pg_class seq ON seq.oid = dep.objid AND seq.relkind = 'S'
                 WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
                   AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
                 ORDER BY 1, 2""";
        try (Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            statement.setString(2, table);
            List<SequenceColumn> sequences = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sequences.add(new SequenceColumn(table, rs.getString("column_name"), rs.getString("sequence_name")));
                }
            }
            return sequences;
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read the sequences of target table '" + table + "': " + e.getMessage(), e);
        }
    }

    /** How the table takes writes (rules, INSTEAD OF triggers, identity columns), read once from the catalog. */
    public TableWriteFacts writeFactsOf(String table) {
        return writeFacts.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> TableWriteFacts.read(dataSource, t));
    }
}
