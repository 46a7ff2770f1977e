package io.drover.pipeline;

import io.drover.migration.Migration;
import io.drover.target.JdbcValues;
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
            throw new ItemDataException(migration.idColumn(), "matches no row of the item query: item not found in the source", id);
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
            String uri = "sql:drover-" + name + "-" + Integer.toHexString(query.hashCode());
            Endpoint endpoint = context.getComponent("sql", SqlComponent.class).createEndpoint(uri, options);
            context.addEndpoint(uri, endpoint); // initialises it
            return endpoint;
        } catch (Exception e) {
            throw new io.drover.DroverConfigException("cannot prepare source query '" + name + "': " + e.getMessage(), e);
        }
    }

    /** A source query failed: the item is not at fault, the source or the query is. */
    public static final class SourceQueryException extends RuntimeException {
        SourceQueryException(String query, Throwable cause) {
            super("source query '" + query + "' failed: " + ItemMigrationException.describe(cause), cause);
        }
    }
}
