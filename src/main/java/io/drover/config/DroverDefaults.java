package io.drover.config;

import io.drover.DroverConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * What Drover brings in its jar so that a configuration names only what differs: the default of every
 * drover.* setting, and Drover's own routes (the item template, the transaction boundary, the queues,
 * the triggers). Both the standalone process and an embedding application get them through
 * {@link DroverBeans#install}.
 */
public final class DroverDefaults {

    /** Drover's route files, inside the jar. Listed, not scanned: a class path scan of a jar is slow and finds the same. */
    static final List<String> ROUTES = List.of(
            "drover/routes/migrate-item.camel.yaml", "drover/routes/write-item.camel.yaml", "drover/routes/call-api.camel.yaml",
            "drover/routes/item-queue.camel.yaml", "drover/routes/triggers.camel.yaml", "drover/routes/kafka-worker.camel.yaml",
            "drover/routes/kafka-ids.camel.yaml");

    private static final String DEFAULTS = "drover/defaults.properties";

    private DroverDefaults() {
    }

    /**
     * Adds the defaults as the context's initial properties, which Camel consults last: every file,
     * override or property the application sets wins over them.
     */
    public static void applySettings(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        for (String key : DEFAULT_VALUES.stringPropertyNames()) {
            if (properties.resolveProperty(key).isEmpty()) {
                properties.addInitialProperty(key, DEFAULT_VALUES.getProperty(key));
            }
        }
        // drover.workers = 0 means "fit the machine": publish the number the queue URIs' consumers use
        String workers = properties.resolveProperty("drover.workers").orElse("0").trim();
        if (workers.matches("-?\\d+") && Integer.parseInt(workers) <= 0) {
            properties.addOverrideProperty("drover.workers", String.valueOf(DroverSettings.defaultWorkers()));
        }
    }

    /** Loads Drover's own routes from the jar, once per context. */
    public static void loadRoutes(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (model.getRouteTemplateDefinition("drover-migrate-item") != null) {
            return; // installed into this context already
        }
        List<Resource> resources = new ArrayList<>();
        for (String route : ROUTES) {
            resources.add(ResourceHelper.resolveResource(context, "classpath:" + route));
        }
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load Drover's own routes from its jar: " + e.getMessage(), e);
        }
    }

    private static final Properties DEFAULT_VALUES = load();

    private static Properties load() {
        Properties defaults = new Properties();
        try (InputStream in = DroverDefaults.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new DroverConfigException(DEFAULTS + " is missing from Drover's jar; rebuild it with mvn package");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new DroverConfigException("cannot read " + DEFAULTS + " from Drover's jar: " + e.getMessage());
        }
        return defaults;
    }
}
