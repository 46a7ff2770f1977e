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
        if (!Files.isRegularFile(config)) {
            throw new DroverConfigException("configuration file " + config.toAbsolutePath() + " not found; run Drover from"
                    + " its folder or pass --config=<file>");
        }
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setLocation("file:" + config);
            return DroverSettings.from(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        } finally {
            context.stop();
        }
    }
}
