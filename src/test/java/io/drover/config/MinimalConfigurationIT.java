package io.drover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's --config holds only what differs from Drover's defaults: the two databases and where the
 * user's own migrations are. Drover's settings and its own routes come from its jar.
 */
class MinimalConfigurationIT {

    private static TestDatabase source;
    private static TestDatabase target;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabases() throws Exception {
        source = TestDatabase.postgres("minimal_src");
        target = TestDatabase.postgres("minimal_tgt");
        SampleData.createSource(source.dataSource(), 40);
        SampleData.createTarget(target.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void aConfigurationNamingOnlyTheDatabasesAndTheMigrationsRunsTheSample() throws Exception {
        // given: four connection settings and the user's route files, nothing else
        Path config = dir.resolve("drover.properties");
        Files.writeString(config, String.join("\n",
                "drover.source.url = " + source.url(),
                "drover.source.username = " + source.user(),
                "drover.target.url = " + target.url(),
                "drover.target.username = " + target.user(),
                "camel.main.routes-include-pattern = file:" + Path.of("routes/migrations").toAbsolutePath() + "/*.camel.yaml",
                ""));

        // when
        Drover.Result result = new Drover(config).run("migrate", "customers", "--all");

        // then: every default applied (queue, workers, retry, log), and the sample's bad items fail alone
        int bad = SampleData.defects(40).badItems();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(bad > 0 ? 1 : 0);
        assertThat(result.out()).contains("customers: 40 items").contains((40 - bad) + " migrated, 0 unchanged, " + bad + " failed");
        Tables db = new Tables(target.dataSource());
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(40 - bad);
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(40);
    }
}
