package io.drover.target;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the real type of each column of a PostgreSQL table from pg_catalog (see {@link ColumnType}). */
final class PostgresColumnTypes {

    private static final String QUERY = """
            SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod) AS sql, t.typtype = 'd' AS domain,
                   coalesce(b.typname, t.typname) AS base, format_type(coalesce(b.oid, t.oid), CASE WHEN b.oid IS NULL
                     THEN a.atttypmod ELSE t.typtypmod END) AS base_sql,
                   (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e
                     WHERE e.enumtypid = coalesce(b.oid, t.oid)) AS labels,
                   el.typname AS element
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
            LEFT JOIN pg_type el ON el.oid = coalesce(b.typelem, t.typelem) AND coalesce(b.typcategory, t.typcategory) = 'A'
            WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
            """;

    private PostgresColumnTypes() {
    }

    static Map<String, ColumnType> read(Connection connection, String schema, String table) throws SQLException {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, Identifiers.quote(schema == null ? table : schema + "." + table));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Array labels = rs.getArray("labels");
                    List<String> enumLabels = labels == null ? null : Arrays.asList((String[]) labels.getArray());
                    types.put(rs.getString("attname").toLowerCase(Locale.ROOT), new ColumnType(rs.getString("typname"),
                            rs.getString("sql"), rs.getBoolean("domain"), rs.getString("base"), rs.getString("base_sql"),
                            enumLabels, rs.getString("element")));
                }
            }
        }
        return types;
    }
}
