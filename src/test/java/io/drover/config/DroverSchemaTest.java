package io.drover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.target.TargetDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The version the read-only commands require is the newest script Drover ships, per dialect. */
class DroverSchemaTest {

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void theNewestVersionIsTheNewestScriptOfEachDialect() throws IOException {
        for (TargetDialect dialect : TargetDialect.values()) {
            Path scripts = Path.of("src/main/resources/db/drover", dialect.name().toLowerCase(Locale.ROOT));
            try (Stream<Path> files = Files.list(scripts)) {
                int newest = files.map(f -> SCRIPT.matcher(f.getFileName().toString())).filter(Matcher::matches)
                        .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();

                assertThat(DroverSchema.NEWEST.get(dialect)).as("DroverSchema.NEWEST of %s", dialect).isEqualTo(newest);
            }
        }
    }
}
