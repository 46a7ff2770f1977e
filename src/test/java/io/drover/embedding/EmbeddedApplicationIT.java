package io.drover.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.sample.SampleData;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate camel-main application embeds Drover: its own logs still print (Drover's jar ships no
 * logging configuration), it loads only its migration file (Drover's routes come from the jar), and
 * the item is migrated.
 */
class EmbeddedApplicationIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() throws Exception {
        source = TestDatabase.postgres("embapp_src");
        target = TestDatabase.postgres("embapp_tgt");
        SampleData.createSource(source.dataSource(), 10);
        SampleData.createTarget(target.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void theApplicationKeepsItsOwnLogsAndMigratesThroughDrover() throws Exception {
        // given: the application's migration file, the only route file it names
        Path migration = EmbeddingIT.migrationFile(dir);

        // when: the application runs in a JVM of its own, with no logging configuration of its own
        Path out = dir.resolve("app.out");
        Process app = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CamelMainApplication.class.getName(),
                source.url(), target.url(), target.user(), migration.toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(app.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);

        // then: the application's own INFO line printed, the item migrated, and no logging clash reported
        assertThat(app.exitValue()).as(output).isZero();
        assertThat(output).contains("the application says hello to Drover").contains("outcome MIGRATED")
                .doesNotContain("multiple logback.xml").doesNotContain("Resource [logback.xml] occurs multiple times");
        assertThat(new Tables(target.dataSource()).count("SELECT count(*) FROM customer WHERE id = 3")).isEqualTo(1);
    }
}
