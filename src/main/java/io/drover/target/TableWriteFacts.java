package io.drover.target;

import io.drover.DroverConfigException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the PostgreSQL catalog says about how a target table takes writes, read once per table at start:
 * whether it is a view, whether INSERT or UPDATE rules rewrite its statements (the partition routing of
 * old schemas), whether INSTEAD OF triggers write it, and which columns are GENERATED ALWAYS AS IDENTITY.
 * Tables with rules and views refuse {@code INSERT … ON CONFLICT} and COPY would bypass their rules:
 * they are written by update-then-insert ({@link #updateThenInsert()}).
 *
 * @param comparedTypes by column, the type a new value is cast to before it is compared, as text, with the
 *                      stored one: the declared type with its precision (numeric(8,2) stores 1.5 as 1.50),
 *                      but without the length of text and bit types (char(n) as bpchar, not char(1)), whose explicit cast would cut a value
 *                      too long and so hide the change that the UPDATE must then refuse
 */
public record TableWriteFacts(boolean view, boolean rules, boolean insteadOfTriggers, boolean beforeInsertTriggers,
                              Set<String> generatedAlways, Map<String, String> comparedTypes) {

    /** A table with nothing special: H2's, or a plain PostgreSQL table. */
    public static final TableWriteFacts PLAIN = new TableWriteFacts(false, false, false, false, Set.of(), Map.of());

    // pg_rewrite.ev_type: '2' UPDATE, '3' INSERT; pg_trigger.tgtype: bits ROW (1), BEFORE (2), INSERT (4),
    // INSTEAD OF (64); tgenabled 'D' is a disabled trigger
    private static final String FACTS = """
            SELECT c.relkind = 'v' AS is_view,
                   EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.ev_type IN ('2', '3')) AS has_rules,
                   EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal
                           AND (g.tgtype & 64) <> 0) AS instead_of,
                   EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal
                           AND g.tgenabled <> 'D' AND (g.tgtype & 7) = 7) AS before_insert
            FROM pg_class c WHERE c.oid = to_regclass(?)""";
    private static final String COLUMNS = """
            SELECT a.attname, a.attidentity = 'a' AS generated_always,
                   CASE WHEN a.atttypid = 'bpchar'::regtype THEN 'bpchar' -- format_type's 'character' would be char(1)
                        ELSE format_type(a.atttypid, CASE WHEN t.typcategory IN ('S', 'V') THEN NULL ELSE a.atttypmod END)
                   END AS compared_type
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped""";

    public TableWriteFacts {
        generatedAlways = Set.copyOf(generatedAlways);
        comparedTypes = Map.copyOf(comparedTypes);
    }

    /** Rules and views refuse ON CONFLICT (and a view has no unique index to name): update, else insert. */
    public boolean updateThenInsert() {
        return view || rules;
    }

    /**
     * Whether a NULL (or a column left out) may still satisfy a NOT NULL column: a BEFORE INSERT row trigger
     * can fill it, and only the database knows whether it does. Checks before the write then leave it to the write.
     */
    public boolean triggersMayFillColumns() {
        return beforeInsertTriggers;
    }

    /** True when inserting these columns overrides an identity the table would generate. */
    public boolean overridesIdentity(List<String> columns) {
        return !generatedAlways.isEmpty() && columns.stream().anyMatch(generatedAlways::contains);
    }

    /** How the table is written, for the start-up log; null for a plain table. */
    public String strategy() {
        String identity = generatedAlways.isEmpty() ? "" : "; its GENERATED ALWAYS identity " + String.join(", ", generatedAlways.stream().sorted().toList())
                + " takes the source's values (OVERRIDING SYSTEM VALUE)";
        if (updateThenInsert()) {
            String why = view ? insteadOfTriggers ? "is a view with INSTEAD OF triggers" : "is a view"
                    : "has INSERT or UPDATE rules" + (insteadOfTriggers ? " and INSTEAD OF triggers" : "");
            return why + ": written by update-then-insert in the item's transaction, never by COPY or ON CONFLICT" + identity;
        }
        return identity.isEmpty() ? null : "upserted" + identity;
    }

    /** Reads the facts of a table, named as in a migration (schema-qualified or on the search path). */
    static TableWriteFacts read(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
                return PLAIN;
            }
            String name = Identifiers.quote(table);
            boolean view;
            boolean rules;
            boolean insteadOf;
            boolean beforeInsert;
            try (PreparedStatement facts = connection.prepareStatement(FACTS)) {
                facts.setString(1, name);
                try (ResultSet rs = facts.executeQuery()) {
                    if (!rs.next()) {
                        return PLAIN; // no such table: reading its columns says so, with the way out
                    }
                    view = rs.getBoolean("is_view");
                    rules = rs.getBoolean("has_rules");
                    insteadOf = rs.getBoolean("instead_of");
                    beforeInsert = rs.getBoolean("before_insert");
                }
            }
            Set<String> generatedAlways = new HashSet<>();
            Map<String, String> comparedTypes = new HashMap<>();
            try (PreparedStatement columns = connection.prepareStatement(COLUMNS)) {
                columns.setString(1, name);
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        String column = rs.getString("attname").toLowerCase(Locale.ROOT);
                        comparedTypes.put(column, rs.getString("compared_type"));
                        if (rs.getBoolean("generated_always")) {
                            generatedAlways.add(column);
                        }
                    }
                }
            }
            return new TableWriteFacts(view, rules, insteadOf, beforeInsert, generatedAlways, comparedTypes);
        } catch (SQLException e) {
            throw new DroverConfigException("cannot read how target table '" + table + "' takes writes (rules, triggers,"
                    + " identity columns): " + e.getMessage(), e);
        }
    }
}
