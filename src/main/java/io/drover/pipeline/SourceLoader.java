package io.drover.pipeline;

import io.drover.migration.IdType;
import io.drover.migration.KeyedQuery;
import io.drover.migration.Migration;
import io.drover.target.JdbcValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.sql.SqlComponent;

/**
 * Loads items and ids from the source through camel-sql. Each declared query becomes a named sql
 * endpoint built from parameters rather than from a URI, so the SQL is used exactly as written
 * (a URI would percent-decode it); named parameters are written {@code :#id}.
 */
public final class SourceLoader {

    private final CamelContext context;
    private final String dataSourceRef;
    private final ProducerTemplate producer;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private static final SourceRowMapper ROW_MAPPER = new SourceRowMapper();

    public SourceLoader(CamelContext context, String dataSourceRef) {
        this.context = context;
        this.dataSourceRef = dataSourceRef;
        this.producer = context.createProducerTemplate();
    }

    public SourceItem load(Migration migration, Object id) {
        List<Map<String, Object>> roots = select(migration.name() + "-item", migration.itemQuery(), Map.of("id", id));
        if (roots.isEmpty()) {
            throw new ItemNotFoundException(migration.idColumn(), id);
        }
        if (roots.size() > 1) {
            throw new ItemDataException(migration.idColumn(), "matches " + roots.size()
                    + " rows of the item query; the item query must return one row per id", id);
        }
        Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
        migration.childQueries().forEach((name, query) ->
                children.put(name, JdbcValues.rows(select(migration.name() + "-" + name, query, Map.of("id", id)))));
        return new SourceItem(id, JdbcValues.row(roots.get(0)), children);
    }

    /**
     * Checks, before any item, that the migration's queries name tables and columns the source has: each
     * is prepared and described by the source (its parameters as placeholders), which runs nothing and
     * reads no row. A typo in a query then stops the run at its start instead of failing every item.
     */
    public void validate(Migration migration) {
        Map<String, String> queries = new LinkedHashMap<>();
        // the ids are read through this derived table (IdFeed): it must also give the id column
        queries.put("id query", "SELECT " + migration.idColumn() + " FROM " + migration.idsTable());
        queries.put("item query", migration.itemQuery());
        migration.childQueries().forEach((name, query) -> queries.put("child query '" + name + "'", query));
        javax.sql.DataSource source = context.getRegistry().lookupByNameAndType(dataSourceRef, javax.sql.DataSource.class);
        try (java.sql.Connection connection = source.getConnection()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                try (java.sql.PreparedStatement statement = connection.prepareStatement(
                        NAMED_PARAMETER.matcher(query.getValue()).replaceAll("?"))) {
                    statement.getMetaData();
                } catch (java.sql.SQLException e) {
                    throw new io.drover.DroverConfigException("migration '" + migration.name() + "': its " + query.getKey()
                            + " cannot run on the source: " + e.getMessage().lines().findFirst().orElse("")
                            + " (query: " + query.getValue() + ")", e);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new io.drover.DroverConfigException("migration '" + migration.name() + "': cannot connect to the source to check its"
                    + " queries: " + e.getMessage(), e);
        }
    }

    /**
     * The columns (lower case, in order) the item query ({@code ""}) and each child query return, learned
     * from the source's description of each query without reading a row: for what a mapping may name.
     */
    public Map<String, List<String>> columns(Migration migration) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("", migration.itemQuery());
        queries.putAll(migration.childQueries());
        Map<String, List<String>> columns = new LinkedHashMap<>();
        javax.sql.DataSource source = context.getRegistry().lookupByNameAndType(dataSourceRef, javax.sql.DataSource.class);
        try (java.sql.Connection connection = source.getConnection()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                try (java.sql.PreparedStatement statement = connection.prepareStatement(
                        NAMED_PARAMETER.matcher(query.getValue()).replaceAll("?"))) {
                    java.sql.ResultSetMetaData meta = statement.getMetaData();
                    if (meta == null) { // a driver that describes a query only once it ran: run it for no row
                        for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                            statement.setNull(i, java.sql.Types.NULL);
                        }
                        statement.setMaxRows(1);
                        try (java.sql.ResultSet rows = statement.executeQuery()) {
                            columns.put(query.getKey(), labels(rows.getMetaData()));
                        }
                    } else {
                        columns.put(query.getKey(), labels(meta));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new io.drover.DroverConfigException("migration '" + migration.name() + "': cannot read the columns of its"
                    + " queries from the source: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return columns;
    }

    private static List<String> labels(java.sql.ResultSetMetaData meta) throws java.sql.SQLException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
        }
        return labels;
    }

    /** camel-sql's named parameters, :#name and :#in:name, which JDBC writes as '?'. */
    private static final java.util.regex.Pattern NAMED_PARAMETER = java.util.regex.Pattern.compile(":#(in:)?[A-Za-z_][A-Za-z0-9_]*");

    /** One item of a page: loaded, or the reason it could not be (not found, several root rows). */
    public record Loaded(Object id, SourceItem item, RuntimeException problem) {
    }

    /**
     * Whether items of this migration can be loaded a page at a time: its item and child queries
     * each hold one {@code <column> = :#id} condition (see {@link KeyedQuery}).
     */
    public static boolean canLoadPages(Migration migration) {
        return KeyedQuery.of(migration.itemQuery()).isPresent()
                && migration.childQueries().values().stream().allMatch(q -> KeyedQuery.of(q).isPresent());
    }

    /**
     * Loads a page of items with one query for the root rows and one per child list instead of one
     * each per item; every item comes out exactly as {@link #load} would give it, in the order of ids.
     */
    public List<Loaded> loadPage(Migration migration, List<Object> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<Map<String, Object>>> roots = grouped(migration, "page-item", migration.itemQuery(), ids);
        Map<String, Map<String, List<Map<String, Object>>>> children = new LinkedHashMap<>();
        migration.childQueries().forEach((name, query) -> children.put(name, grouped(migration, "page-" + name, query, ids)));
        List<Loaded> page = new ArrayList<>(ids.size());
        for (Object id : ids) {
            String key = IdType.key(id);
            List<Map<String, Object>> rows = roots.getOrDefault(key, List.of());
            if (rows.size() != 1) {
                page.add(new Loaded(id, null, rows.isEmpty()
                        ? new ItemNotFoundException(migration.idColumn(), id)
                        : new ItemDataException(migration.idColumn(), "matches " + rows.size()
                                + " rows of the item query; the item query must return one row per id", id)));
                continue;
            }
            Map<String, List<Map<String, Object>>> lists = new LinkedHashMap<>();
            children.forEach((name, byParent) -> lists.put(name, byParent.getOrDefault(key, List.of())));
            page.add(new Loaded(id, new SourceItem(id, rows.get(0), lists), null));
        }
        return page;
    }

    /** Runs a keyed query for a list of ids; its rows (plain values), grouped by the id each belongs to. */
    private Map<String, List<Map<String, Object>>> grouped(Migration migration, String name, String query, List<Object> ids) {
        KeyedQuery keyed = KeyedQuery.of(query).orElseThrow(() -> new io.drover.DroverConfigException("migration '"
                + migration.name() + "': query '" + query + "' cannot load a page of items; it needs one '<column> = :#id' condition"));
        java.util.Optional<String> withKey = keyed.forIdsWithKey();
        String key = withKey.isPresent() ? KeyedQuery.PAGE_KEY : keyed.keyColumn();
        Map<String, List<Map<String, Object>>> byKey = new java.util.HashMap<>();
        for (Map<String, Object> raw : select(migration.name() + "-" + name, withKey.orElseGet(keyed::forIds), Map.of("ids", ids))) {
            Map<String, Object> row = JdbcValues.row(raw);
            if (!row.containsKey(key)) {
                throw new io.drover.DroverConfigException("migration '" + migration.name() + "': query '" + query
                        + "' must return its key column '" + keyed.keyColumn() + "' to load a page of items");
            }
            // the added key column is Drover's, not the item's: the item holds exactly what the query selects
            Object id = withKey.isPresent() ? row.remove(key) : row.get(key);
            byKey.computeIfAbsent(IdType.key(id), k -> new ArrayList<>()).add(row);
        }
        return byKey;
    }

    /**
     * Checks, before the first chunk of a bulk run, that every query of the migration loads a page of items:
     * each holds one {@code <column> = :#id} condition, and its page form is prepared and described by the
     * source. A query that cannot is refused with the reason, instead of a run that silently goes item by item.
     */
    public void validatePages(Migration migration) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("item query", migration.itemQuery());
        migration.childQueries().forEach((name, query) -> queries.put("child query '" + name + "'", query));
        javax.sql.DataSource source = context.getRegistry().lookupByNameAndType(dataSourceRef, javax.sql.DataSource.class);
        try (java.sql.Connection connection = source.getConnection()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                String refusal = "migration '" + migration.name() + "': bulk mode loads a page of items per query, but its "
                        + query.getKey() + " ";
                KeyedQuery keyed = KeyedQuery.of(query.getValue()).orElseThrow(() -> new io.drover.DroverConfigException(refusal
                        + "has no single '<column> = :#id' condition to turn into '<column> IN (…)'; write it so, or drop --bulk"
                        + " (query: " + query.getValue() + ")"));
                java.util.Optional<String> withKey = keyed.forIdsWithKey();
                String paged = withKey.orElseGet(keyed::forIds).replace(":#in:ids", "?");
                try (java.sql.PreparedStatement statement = connection.prepareStatement(NAMED_PARAMETER.matcher(paged).replaceAll("?"))) {
                    java.sql.ResultSetMetaData meta = statement.getMetaData();
                    if (withKey.isEmpty() && meta != null && !labels(meta).contains(keyed.keyColumn())) {
                        throw new io.drover.DroverConfigException(refusal + "does not start with SELECT and does not return its key column '"
                                + keyed.keyColumn() + "'; select it, or drop --bulk (query: " + query.getValue() + ")");
                    }
                } catch (java.sql.SQLException e) {
                    throw new io.drover.DroverConfigException(refusal + "cannot run for a list of ids: "
                            + e.getMessage().lines().findFirst().orElse("") + " (page query: " + paged + ")", e);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new io.drover.DroverConfigException("migration '" + migration.name() + "': cannot connect to the source to check its"
                    + " queries: " + e.getMessage(), e);
        }
    }

    /** Runs a query with named parameters bound from {@code parameters}; returns its rows. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> select(String name, String query, Map<String, Object> parameters) {
        Endpoint endpoint = endpoints.computeIfAbsent(name + "\u0000" + query, k -> create(name, query));
        Exchange result = producer.request(endpoint, exchange -> parameters.forEach(exchange::setVariable));
        if (result.getException() != null) {
            throw new SourceQueryException(name, result.getException());
        }
        return result.getMessage().getBody(List.class);
    }

    private Endpoint create(String name, String query) {
        try {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("query", query);
            options.put("rowMapperFactory", ROW_MAPPER);
            options.put("dataSource", context.getRegistry().lookupByNameAndType(dataSourceRef, javax.sql.DataSource.class));
            int parameters = fixedParameterCount(query);
            if (parameters > 0) {
                // else camel-sql asks the driver for the statement's parameter metadata before every execution:
                // one more round trip to the source per query (measured: a quarter of per-item mode's source time)
                options.put("parametersCount", parameters);
            }
            String uri = "sql:drover-" + name + "-" + Integer.toHexString(query.hashCode());
            Endpoint endpoint = context.getComponent("sql", SqlComponent.class).createEndpoint(uri, options);
            context.addEndpoint(uri, endpoint); // initialises it
            return endpoint;
        } catch (Exception e) {
            throw new io.drover.DroverConfigException("cannot prepare source query '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * How many parameters the query binds, counted as camel-sql rewrites them (each {@code :#name} and
     * each {@code ?} outside quotes and comments), or 0 when it varies with the values ({@code :#in:}) or
     * cannot be told (a {@code :#${expression}}).
     */
    static int fixedParameterCount(String query) {
        int count = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\'' || c == '"') {
                int end = query.indexOf(c, i + 1);
                i = end < 0 ? query.length() : end;
            } else if (c == '-' && query.startsWith("--", i)) {
                int end = query.indexOf('\n', i);
                i = end < 0 ? query.length() : end;
            } else if (c == '/' && query.startsWith("/*", i)) {
                int end = query.indexOf("*/", i + 2);
                i = end < 0 ? query.length() : end + 1;
            } else if (c == '?') {
                count++;
            } else if (c == ':' && query.startsWith(":#", i)) {
                if (query.startsWith(":#in:", i) || query.startsWith(":#$", i)) {
                    return 0;
                }
                count++;
                i++;
            }
        }
        return count;
    }

    /** A source query failed: the item is not at fault, the source or the query is. */
    public static final class SourceQueryException extends RuntimeException {
        SourceQueryException(String query, Throwable cause) {
            super("source query '" + query + "' failed: " + ItemMigrationException.describe(cause), cause);
        }
    }
}
