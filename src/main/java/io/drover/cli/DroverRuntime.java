package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.config.DroverBeans;
import io.drover.config.DroverConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** Drover's Camel process: camel-main with config/application.properties, the YAML routes and Drover's beans. */
public final class DroverRuntime implements AutoCloseable {

    private final Main main;

    private DroverRuntime(Main main) {
        this.main = main;
    }

    /**
     * A command that sends no item through the queues: neither the triggers nor the queues' consumers start,
     * and each pool holds the few connections such a command uses at once, not drover.workers + 4.
     */
    static Map<String, String> feedingNoItems() {
        return Map.of("drover.triggers.enabled", "false", "drover.queues.enabled", "false",
                DroverConfiguration.POOL_SIZE, "3");
    }

    /** A command that never reads the source (report): its pool opens no connection unless one is asked for. */
    static Map<String, String> readingNoSource(Map<String, String> overrides) {
        Map<String, String> reading = new java.util.HashMap<>(overrides);
        reading.put(DroverConfiguration.SOURCE_UNUSED, "true");
        return reading;
    }

    /**
     * A command that only reads Drover's tables: they are checked, not created or upgraded, and a missing
     * or older schema is one line naming the command that brings it up to date.
     */
    static Map<String, String> readingDroverTables(Map<String, String> overrides) {
        Map<String, String> reading = new java.util.HashMap<>(overrides);
        reading.put(DroverConfiguration.SCHEMA_CHECK_ONLY, io.drover.Launcher.hint("setup"));
        return reading;
    }

    public static DroverRuntime start(Path config, Map<String, String> overrides) {
        if (!Files.isRegularFile(config)) {
            throw new DroverConfigException("configuration file " + config.toAbsolutePath() + " not found; run Drover from"
                    + " its folder or pass --config=<file>");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + config);
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty(DroverConfiguration.COMMAND_LINE, "true");
        main.configure().addConfiguration(DroverConfiguration.class);
        try {
            main.start();
        } catch (Exception e) {
            stopQuietly(main);
            throw StartupFailure.explain(e);
        }
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            stopQuietly(main);
            throw new DroverConfigException("Drover could not start its Camel context; see the log above");
        }
        return new DroverRuntime(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public DroverBeans beans() {
        return DroverBeans.of(context());
    }

    /** Stops Camel gracefully: items in flight finish, queued ids are dropped (they were never started). */
    public void stopCamel() {
        stopQuietly(main);
    }

    @Override
    public void close() {
        DroverBeans beans = main.getCamelContext() == null ? null : beans();
        stopQuietly(main);
        if (beans != null) {
            closeQuietly(beans.source());
            closeQuietly(beans.target());
        }
    }

    private static void closeQuietly(Object dataSource) {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a pool at exit
            }
        }
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping at exit
        }
    }
}
