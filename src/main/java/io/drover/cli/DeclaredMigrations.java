package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.config.DroverDefaults;
import io.drover.migration.MigrationCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The migrations declared in the route files, read the way camel-main reads them (the same include and
 * exclude patterns, the same YAML loader) into a Camel context that is never started: no database is
 * opened, no route is built or started. What `drover list` needs, in a fraction of a full start.
 */
final class DeclaredMigrations {

    private DeclaredMigrations() {
    }

    /** Reads the route files; call {@link MigrationCatalog#all()} on the result while the context is open. */
    static MigrationCatalog read(Path config, DefaultCamelContext context) {
        if (!Files.isRegularFile(config)) {
            throw new DroverConfigException("configuration file " + config.toAbsolutePath() + " not found; run Drover from"
                    + " its folder or pass --config=<file>");
        }
        try {
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation("file:" + config);
            DroverDefaults.applySettings(context);
            DroverDefaults.loadRoutes(context); // the template the migrations instantiate
            String include = setting(properties, "camel.main.routes-include-pattern", "camel.main.routesIncludePattern",
                    new MainConfigurationProperties().getRoutesIncludePattern());
            String exclude = setting(properties, "camel.main.routes-exclude-pattern", "camel.main.routesExcludePattern", null);
            Collection<Resource> files = new DefaultRoutesCollector().findRouteResourcesFromDirectory(context, exclude, include);
            PluginHelper.getRoutesLoader(context).loadRoutes(files);
            return new MigrationCatalog(context);
        } catch (Exception e) {
            throw StartupFailure.explain(e);
        }
    }

    private static String setting(PropertiesComponent properties, String key, String camelCaseKey, String fallback) {
        return properties.resolveProperty(key).or(() -> properties.resolveProperty(camelCaseKey)).orElse(fallback);
    }
}
