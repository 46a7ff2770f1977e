package io.drover.migration;

import io.drover.DroverConfigException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * The migrations loaded into a Camel context: every route created from the {@code drover-migrate-item}
 * template is one migration, described by the parameters it was created with. Camel keeps no template
 * id with a templated route, so such routes are recognized by the template's own parameter itemQuery.
 */
public final class MigrationCatalog {

    private final CamelContext context;
    private volatile Map<String, Migration> migrations;

    public MigrationCatalog(CamelContext context) {
        this.context = context;
    }

    public Migration get(String name) {
        Migration migration = all().get(name);
        if (migration == null) {
            throw new DroverConfigException("no migration named '" + name + "'; known migrations: "
                    + (all().isEmpty() ? "none (is camel.main.routes-include-pattern pointing at your routes?)" : all().keySet()));
        }
        return migration;
    }

    public Map<String, Migration> all() {
        Map<String, Migration> known = migrations;
        if (known == null) {
            known = new TreeMap<>();
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            for (RouteDefinition route : model.getRouteDefinitions()) {
                Map<String, Object> parameters = route.getTemplateParameters();
                if (route.isCreatedFromTemplate() && parameters != null
                        && parameters.containsKey(Migration.MARKER_PARAMETER)) {
                    Migration migration = Migration.fromParameters(parameters);
                    if (known.put(migration.name(), migration) != null) {
                        throw new DroverConfigException("migration '" + migration.name() + "' is declared twice");
                    }
                }
            }
            migrations = known;
        }
        return known;
    }
}
