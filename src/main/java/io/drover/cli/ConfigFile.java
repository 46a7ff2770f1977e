package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.config.DroverSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;

/** The configuration file read on its own, for the commands that need its settings and no routes (scaffold, setup). */
final class ConfigFile {

    private ConfigFile() {
    }

    /** The drover.* settings of the configuration file, its placeholders resolved as Camel resolves them. */
    static DroverSettings settings(Path config) {
        return read(config, DroverSettings::from);
    }

    /** The schema of Drover's own tables (drover.schema, checked), from the configuration file. */
    static String droverSchema(Path config) {
        return read(config, DroverSettings::droverTables).schema();
    }

    /** Reads the configuration file's properties, placeholders resolved, within {@code reader}. */
    static <T> T read(Path config, java.util.function.Function<java.util.function.Function<String, String>, T> reader) {
        if (!Files.isRegularFile(config)) {
            throw new DroverConfigException("configuration file " + config.toAbsolutePath() + " not found; run Drover from"
                    + " its folder or pass --config=<file>");
        }
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setLocation("file:" + config);
            return reader.apply(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        } finally {
            context.stop();
        }
    }
}
