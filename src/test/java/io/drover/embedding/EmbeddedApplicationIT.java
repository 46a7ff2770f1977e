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
 * the item is migrated; a misspelled target table and a bean named like one of Drover's each refuse
 * the application's start with a message that names them.
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
        Application app = run("app", migration);

        // then: the application's own INFO line printed, the item migrated, and no logging clash reported
        assertThat(app.exitCode()).as(app.output()).isZero();
        assertThat(app.output()).contains("the application says hello to Drover").contains("outcome MIGRATED")
                .doesNotContain("multiple logback.xml").doesNotContain("Resource [logback.xml] occurs multiple times");
        assertThat(new Tables(target.dataSource()).count("SELECT count(*) FROM customer WHERE id = 3")).isEqualTo(1);
    }

    @Test
    void aMisspelledTargetTableRefusesTheApplicationsStartNamingTheTable() throws Exception {
        // given: the migration names a table the target does not have
        Path folder = Files.createDirectories(dir.resolve("misspelled"));
        Path migration = Files.writeString(EmbeddingIT.migrationFile(folder),
                Files.readString(EmbeddingIT.migrationFile(folder)).replace("customer key id", "custmer key id"));
        Tables db = new Tables(target.dataSource());
        int rows = db.count("SELECT count(*) FROM customer") + db.count("SELECT count(*) FROM customer_address");

        // when
        Application app = run("misspelled", migration);

        // then: the start is refused with the table named, and no item was sent or written
        assertThat(app.exitCode()).as(app.output()).isNotZero();
        assertThat(app.output()).contains("target table 'custmer' does not exist").doesNotContainPattern("(?m)^outcome ")
                .doesNotContain("the application says hello to Drover");
        assertThat(db.count("SELECT count(*) FROM customer") + db.count("SELECT count(*) FROM customer_address")).isEqualTo(rows);
    }

    @Test
    void anApplicationBeanNamedLikeOneOfDroversIsAClearClash() throws Exception {
        // given: the application has a bean of its own called itemPipeline
        Path migration = EmbeddingIT.migrationFile(Files.createDirectories(dir.resolve("clash")));
        Tables db = new Tables(target.dataSource());
        int rows = db.count("SELECT count(*) FROM customer") + db.count("SELECT count(*) FROM customer_address");

        // when
        Application app = run("clash", migration, "with-own-item-pipeline");

        // then: the start is refused with the name, the application's class and what to do
        assertThat(app.exitCode()).as(app.output()).isNotZero();
        assertThat(app.output()).contains("the application already has a bean named 'itemPipeline' (a "
                        + CamelMainApplication.OrderPipeline.class.getName() + ")").contains("rename the application's bean")
                .doesNotContainPattern("(?m)^outcome ").doesNotContain("method start");
        assertThat(db.count("SELECT count(*) FROM customer") + db.count("SELECT count(*) FROM customer_address")).isEqualTo(rows);
    }

    record Application(int exitCode, String output) {
    }

    /** Runs {@link CamelMainApplication} in a JVM of its own, its output (stdout and stderr) in one file. */
    private static Application run(String name, Path migration, String... more) throws Exception {
        Path out = dir.resolve(name + ".out");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CamelMainApplication.class.getName(),
                source.url(), target.url(), target.user(), migration.toString()));
        command.addAll(List.of(more));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(app.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Application(app.exitValue(), Files.readString(out));
    }
}
