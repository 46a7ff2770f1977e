package io.drover.target;

import io.drover.DroverConfigException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The SQL that differs between target databases: PostgreSQL (the real target) and H2 (only the
 * zero-install quick start).
 */
public enum TargetDialect {

    POSTGRESQL {
        @Override
        public String upsert(String table, List<String> columns, List<String> placeholders, List<String> keys,
                             Set<String> generatedAlways) {
            return upsertFrom(table, columns, "VALUES (" + String.join(", ", placeholders) + ")", keys, generatedAlways);
        }

        @Override
        public String upsertFrom(String table, List<String> columns, String rows, List<String> keys, Set<String> generatedAlways) {
            String insert = insert(table, columns, generatedAlways) + rows + " ON CONFLICT (" + quoted(keys) + ")";
            // an identity column GENERATED ALWAYS can only be updated to DEFAULT: it keeps the value it was inserted with
            List<String> updated = columns.stream().filter(c -> !keys.contains(c) && !generatedAlways.contains(c)).toList();
            if (updated.isEmpty()) {
                return insert + " DO NOTHING";
            }
            String t = Identifiers.quote(table);
            // The WHERE clause leaves identical rows untouched: a rerun writes no new row versions. Values are
            // compared as text, since some types (json, xml, point) have no equality operator.
            return insert + " DO UPDATE SET "
                    + updated.stream().map(c -> q(c) + " = EXCLUDED." + q(c)).collect(Collectors.joining(", "))
                    + " WHERE (" + updated.stream().map(c -> "CAST(" + t + "." + q(c) + " AS text)").collect(Collectors.joining(", ")) + ")"
                    + " IS DISTINCT FROM (" + updated.stream().map(c -> "CAST(EXCLUDED." + q(c) + " AS text)").collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public String castPlaceholder(String type) {
            return "CAST(? AS " + (PLAIN_TYPE.matcher(type).matches() ? type : Identifiers.quote(type)) + ")";
        }

        @Override
        public String jsonPlaceholder() {
            return "CAST(? AS jsonb)";
        }
    },

    H2 {
        @Override
        public String upsert(String table, List<String> columns, List<String> placeholders, List<String> keys,
                             Set<String> generatedAlways) {
            return "MERGE INTO " + Identifiers.quote(table) + " (" + quoted(columns) + ") KEY (" + quoted(keys) + ") VALUES ("
                    + String.join(", ", placeholders) + ")";
        }

        @Override
        public String castPlaceholder(String type) {
            return "?"; // H2 converts text to the column's type on assignment
        }

        @Override
        public String jsonPlaceholder() {
            return "? FORMAT JSON";
        }
    };

    /** A type name that needs no quotes in a cast (compiled once: bulk mode asks for every value). */
    private static final java.util.regex.Pattern PLAIN_TYPE = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*");

    /** An idempotent insert-or-update of one row by its key columns. */
    public String upsert(String table, List<String> columns, List<String> placeholders, List<String> keys) {
        return upsert(table, columns, placeholders, keys, Set.of());
    }

    /**
     * The same, into a table whose {@code generatedAlways} identity columns take the row's values
     * (OVERRIDING SYSTEM VALUE) and are never updated.
     */
    public abstract String upsert(String table, List<String> columns, List<String> placeholders, List<String> keys,
                                  Set<String> generatedAlways);

    /** The same upsert of many rows given by {@code rows}: a VALUES list or a SELECT of these columns. */
    public String upsertFrom(String table, List<String> columns, String rows, List<String> keys) {
        return upsertFrom(table, columns, rows, keys, Set.of());
    }

    public String upsertFrom(String table, List<String> columns, String rows, List<String> keys, Set<String> generatedAlways) {
        throw new UnsupportedOperationException("upserts from a query are written for PostgreSQL only");
    }

    /** The start of an INSERT of these columns, up to its rows: OVERRIDING SYSTEM VALUE where it sets an identity. */
    static String insert(String table, List<String> columns, Set<String> generatedAlways) {
        return "INSERT INTO " + Identifiers.quote(table) + " (" + quoted(columns) + ") "
                + (columns.stream().anyMatch(generatedAlways::contains) ? "OVERRIDING SYSTEM VALUE " : "");
    }

    /** The placeholder for a text value bound to a column of another type. */
    public abstract String castPlaceholder(String type);

    /** The placeholder for a JSON document bound as text. */
    public abstract String jsonPlaceholder();

    public static TargetDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            if (product.contains("h2")) {
                return H2;
            }
            throw new DroverConfigException("the target database is " + product + "; Drover writes to PostgreSQL"
                    + " (or H2 for the quick start): point drover.target.url at a PostgreSQL database");
        } catch (SQLException e) {
            throw new DroverConfigException("cannot connect to the target database: " + e.getMessage(), e);
        }
    }

    static String quoted(List<String> columns) {
        return columns.stream().map(TargetDialect::q).collect(Collectors.joining(", "));
    }

    static String q(String column) {
        return Identifiers.quote(column);
    }
}
