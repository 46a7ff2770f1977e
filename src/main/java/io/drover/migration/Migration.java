package io.drover.migration;

import io.drover.DroverConfigException;
import io.drover.target.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One migration as declared by a {@code templatedRoute} of the {@code drover-migrate-item} template:
 * which items exist, how one item is loaded, which bean converts it and where it is written.
 *
 * @param childQueries for aggregates: name of the child list → query loading it by {@code :#id}
 * @param sensitiveColumns columns (source or target) whose values are masked in the log, diffs and messages
 * @param itemQuery    as declared, wrapped to also select the SQL expressions of the mapping (see {@link #withExpressions})
 * @param converter    the converter bean (or class) declared, or null when the built-in mapping converts
 * @param fingerprint  a hash of the declaration; part of every item hash, so a changed declaration re-migrates
 * @param plan         the plan the migration belongs to, or null; not part of the fingerprint (it changes no item)
 * @param mapping      the built-in converter's mapping when no converter is declared, else null
 * @param api          the HTTP target (parameter {@code api}) when items go to an API instead of tables, else null
 */
public record Migration(String name, String idQuery, String idColumn, IdType idType, String itemQuery,
                        Map<String, String> childQueries, String converter, List<TargetTable> targets,
                        java.util.Set<String> sensitiveColumns, io.drover.quality.QualityRules quality, String fingerprint,
                        String plan, io.drover.mapping.Mapping mapping, io.drover.target.http.ApiTarget api) {

    /** The id query as the derived table {@code drover_ids} that every reader of ids selects from (its trailing ';' dropped). */
    public String idsTable() {
        return "(" + idQuery.replaceAll(";\\s*$", "") + ") drover_ids";
    }

    /** The parameter only the drover-migrate-item template has. */
    public static final String MARKER_PARAMETER = "itemQuery";

    /** Builds and checks a migration from the parameters of its templated route. */
    public static Migration fromParameters(Map<String, Object> parameters) {
        String name = required(parameters, "?", "migration");
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new DroverConfigException("migration name '" + name + "' must be lower case letters, digits, '-' or '_'");
        }
        String idQuery = required(parameters, name, "idQuery");
        String idColumn = Identifiers.check("migration '" + name + "': idColumn",
                text(parameters, "idColumn", "id"));
        IdType idType = IdType.of(name, text(parameters, "idType", "number"));
        String itemQuery = required(parameters, name, "itemQuery");
        Map<String, String> children = parseChildQueries(name, text(parameters, "childQueries", ""));
        String converter = text(parameters, "converter", "").trim();
        String apiDeclaration = text(parameters, "api", "");
        io.drover.target.http.ApiTarget api = io.drover.target.http.ApiTarget.parse(name, apiDeclaration);
        String targetsDeclaration = text(parameters, "targets", "");
        // with both, the item's rows are written (and committed) first, then the API is called (docs/http-target.md)
        List<TargetTable> targets = api != null && targetsDeclaration.isBlank() ? List.of() : TargetTable.parseAll(name, targetsDeclaration);
        String mappingDeclaration = text(parameters, "mapping", "").trim();
        io.drover.mapping.Mapping mapping = null;
        if (converter.isEmpty()) {
            converter = null;
            // an API without tables: the mapping's "tables" name the body row and the lists sent in it
            mapping = io.drover.mapping.Mapping.parse(name, !mappingDeclaration.isEmpty() ? mappingDeclaration
                    : io.drover.mapping.Mapping.defaultDeclaration(targets.isEmpty() ? API_BODY : targets.get(0).table()));
            checkMapping(name, mapping, api != null && targets.isEmpty() ? null : targets, children);
            itemQuery = withExpressions(itemQuery, mapping.expressions(null));
            for (Map.Entry<String, String> child : children.entrySet()) {
                child.setValue(withExpressions(child.getValue(), mapping.expressions(child.getKey())));
            }
        } else if (!mappingDeclaration.isEmpty()) {
            throw new DroverConfigException("migration '" + name + "': declares both a converter and a mapping; keep one"
                    + " (without 'converter', the built-in mapping converter applies the mapping)");
        }
        java.util.Set<String> sensitive = new java.util.TreeSet<>();
        for (String column : text(parameters, "sensitiveColumns", "").split("[,\\s]+")) {
            if (!column.isBlank()) {
                sensitive.add(Identifiers.check("migration '" + name + "': sensitive column", column).toLowerCase(java.util.Locale.ROOT));
            }
        }
        String qualityDeclaration = text(parameters, "quality", "");
        io.drover.quality.QualityRules quality = io.drover.quality.QualityRules.parse(name, qualityDeclaration);
        String fingerprint = sha256(String.join("\u0000", idQuery, itemQuery, children.toString(),
                converter != null ? converter : "mapping\u0000" + mappingDeclaration, targets.toString(), qualityDeclaration.trim())
                + (api == null ? "" : "\u0000api\u0000" + apiDeclaration.trim())); // secrets are named there, never written: no value hashed
        String plan = text(parameters, "plan", "").trim();
        if (!plan.isEmpty() && !plan.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new DroverConfigException("migration '" + name + "': plan name '" + plan + "' must be lower case letters, digits, '-' or '_'");
        }
        return new Migration(name, idQuery, idColumn, idType, itemQuery, children, converter, targets,
                java.util.Collections.unmodifiableSet(sensitive), quality, fingerprint, plan.isEmpty() ? null : plan, mapping, api);
    }

    /**
     * The query as a derived table with the mapping's SQL expressions as extra, uniquely aliased columns:
     * {@code SELECT drover_q.*, (length * 60) AS drover_expr_1 FROM (<query>) drover_q}. The source evaluates
     * them over the query's own columns; the query's {@code :#id} condition stays inside, so pages of items
     * load as before.
     */
    public static String withExpressions(String query, Map<String, String> expressions) {
        if (expressions.isEmpty()) {
            return query;
        }
        StringBuilder wrapped = new StringBuilder("SELECT drover_q.*");
        expressions.forEach((alias, sql) -> wrapped.append(", (").append(sql).append(") AS ").append(alias));
        return wrapped.append(" FROM (").append(query.replaceAll(";\\s*$", "")).append(") drover_q").toString();
    }

    /** The mapping's tables are targets of the migration, and its child lists are the migration's. */
    private static void checkMapping(String name, io.drover.mapping.Mapping mapping, List<TargetTable> targets,
                                     Map<String, String> children) {
        for (io.drover.mapping.Mapping.TableMapping table : mapping.tables()) {
            if (targets != null && targets.stream().noneMatch(t -> t.table().equalsIgnoreCase(table.table()))) {
                throw new DroverConfigException("migration '" + name + "', mapping: table " + table.table()
                        + " is not among the migration's targets " + targets.stream().map(TargetTable::table).toList());
            }
            if (table.childList() != null && !children.containsKey(table.childList())) {
                throw new DroverConfigException("migration '" + name + "', mapping: " + table.table() + " from "
                        + table.childList() + " names a child list the migration does not declare; its child lists: "
                        + (children.isEmpty() ? "none (declare them in 'childQueries')" : children.keySet()));
            }
        }
    }

    /** The body row's name in the default mapping of an API migration without tables: {@code item: auto}. */
    public static final String API_BODY = "item";

    /** True when the mapping converter builds an API's body: no target table gives it columns to check against. */
    public boolean isApiOnly() {
        return api != null && targets.isEmpty();
    }

    /** True when items go to an HTTP API (parameter {@code api}) rather than to target tables. */
    public boolean isApi() {
        return api != null;
    }

    /** True when an item is written to target tables and then sent to an API, the call after the tables' commit. */
    public boolean isTablesThenApi() {
        return api != null && !targets.isEmpty();
    }

    public TargetTable target(String table) {
        return targets.stream().filter(t -> t.table().equalsIgnoreCase(table)).findFirst().orElse(null);
    }

    /** Child queries, one per line: {@code addresses: SELECT * FROM addresses WHERE customer_id = :#id}. */
    static Map<String, String> parseChildQueries(String migration, String declaration) {
        Map<String, String> children = new LinkedHashMap<>();
        for (String line : declaration.split("\\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new DroverConfigException("migration '" + migration + "': cannot read child query '" + line.trim()
                        + "'; expected '<name>: <SELECT … WHERE parent_id = :#id>'");
            }
            String child = Identifiers.check("migration '" + migration + "': child name", line.substring(0, colon).trim());
            children.put(child, line.substring(colon + 1).trim());
        }
        return children;
    }

    private static String required(Map<String, Object> parameters, String migration, String key) {
        String value = text(parameters, key, null);
        if (value == null || value.isBlank()) {
            throw new DroverConfigException("migration '" + migration + "': template parameter '" + key + "' is missing");
        }
        return value.trim();
    }

    private static String text(Map<String, Object> parameters, String key, String fallback) {
        Object value = parameters.get(key);
        return value == null ? fallback : value.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
