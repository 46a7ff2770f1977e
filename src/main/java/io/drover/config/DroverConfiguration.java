package io.drover.config;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Drover's standalone wiring for camel-main: pooled DataSources from the drover.* properties, then
 * {@link DroverBeans#install}.
 */
public class DroverConfiguration implements CamelConfiguration {

    /** Set by the command line's runtime: present, Drover runs as the `drover` command, not embedded. */
    public static final String COMMAND_LINE = "drover.command-line";
    /**
     * Set by the command line for commands that only read Drover's tables: its value is the command that
     * creates or upgrades them, named when they are missing or behind; they are checked, never changed.
     */
    public static final String SCHEMA_CHECK_ONLY = "drover.command-line.schema-upgrade-hint";

    /** Set by the command line: the connections each pool may hold, for commands that feed no items. */
    public static final String POOL_SIZE = "drover.command-line.pool-size";
    /** Set by the command line for a command that never reads the source: its pool connects only if asked. */
    public static final String SOURCE_UNUSED = "drover.command-line.source-unused";

    @Override
    public void configure(CamelContext context) {
        DroverDefaults.applySettings(context);
        DroverSettings settings = DroverSettings.from(DroverBeans.properties(context));
        // workers + the run lock + the failure log writes need connections of their own
        int connections = context.getPropertiesComponent().resolveProperty(POOL_SIZE).map(Integer::parseInt)
                .orElse(settings.workers() + 4);
        boolean sourceUnused = context.getPropertiesComponent().resolveProperty(SOURCE_UNUSED).isPresent();
        DroverBeans.install(context,
                sourceUnused ? DataSources.connectingWhenAsked(settings.source(), connections) : DataSources.pooled(settings.source(), connections),
                DataSources.pooled(settings.target(), connections, DataSources.postgresTargetSettings(
                        settings.target().url(), settings.lockTimeoutMs(), settings.statementTimeoutMs())),
                settings.pageSize(),
                context.getPropertiesComponent().resolveProperty("drover.arguments").orElse("embedded"),
                settings.retry(),
                // the command line checks the migrations each command uses itself
                context.getPropertiesComponent().resolveProperty(COMMAND_LINE).isEmpty(),
                context.getPropertiesComponent().resolveProperty(SCHEMA_CHECK_ONLY).orElse(null));
    }
}
