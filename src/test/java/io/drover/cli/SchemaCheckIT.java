package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.sample.SampleData;
import io.drover.testing.Drover;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The commands that only read Drover's tables (status, report, verify) check them and change nothing: tables
 * behind this Drover, or none at all, are one line naming `drover setup` and exit code 2; `setup` then brings
 * them up to date.
 */
class SchemaCheckIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @Test
    void readOnlyCommandsRefuseTablesBehindThisDroverAndChangeNothing() throws Exception {
        // given: the sample, and Drover's tables as an older Drover left them (every script up to version 8, not 9)
        Drover drover = sample();
        Flyway.configure().dataSource(target.dataSource()).locations("classpath:db/drover/postgresql")
                .schemas("drover").defaultSchema("drover").createSchemas(true)
                .table("drover_schema_history").baselineOnMigrate(true).baselineVersion("0").target("8").load().migrate();
        List<Map<String, Object>> history = history();
        List<String> tables = tables();

        for (String[] command : List.of(new String[] {"status", "customers"}, new String[] {"report", "--migration=customers"},
                new String[] {"verify", "customers"})) {
            // when
            Drover.Result result = drover.run(command);

            // then: one line saying what is wrong and which command fixes it, and nothing was changed
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err().lines().toList()).as(result.toString()).containsExactly("drover: Drover's tables in the target"
                    + " are at version 8, this Drover needs 9; this command only reads them. Upgrade them with: bin/drover setup");
            assertThat(result.out()).isEmpty();
            assertThat(history()).isEqualTo(history);
            assertThat(tables()).isEqualTo(tables);
        }

        // when: the command it names is run
        Drover.Result setup = drover.run("setup");

        // then: the tables are current, and status runs
        assertThat(setup.exitCode()).as(setup.toString()).isZero();
        assertThat(setup.out()).contains("Drover's tables in the target are up to date.");
        assertThat(history()).hasSize(history.size() + 1);
        Drover.Result status = drover.run("status", "customers");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("customers: 40 items in the source").contains("No run yet.");
    }

    @Test
    void withoutDroverTablesStatusSaysSoAndCreatesNone() throws Exception {
        // given: the sample, and no table of Drover's in the target
        Drover drover = sample();
        List<String> tables = tables();

        // when
        Drover.Result status = drover.run("status", "customers");

        // then
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
        assertThat(status.err().lines().toList()).as(status.toString()).containsExactly("drover: Drover's tables are not in the"
                + " target database yet (no drover.drover_schema_history); this command only reads them. Create them with: bin/drover setup");
        assertThat(tables()).isEqualTo(tables).doesNotContain("drover.drover_schema_history", "drover.migration_log");
    }

    private Drover sample() throws Exception {
        source = TestDatabase.postgres("schemacheck_src");
        target = TestDatabase.postgres("schemacheck_tgt");
        SampleData.createSource(source.dataSource(), 40);
        SampleData.createTarget(target.dataSource());
        return Drover.configure(dir, source, target);
    }

    private List<Map<String, Object>> history() {
        return new JdbcTemplate(target.dataSource()).queryForList("SELECT installed_rank, version, checksum, success"
                + " FROM drover.drover_schema_history ORDER BY installed_rank");
    }

    private List<String> tables() {
        return new JdbcTemplate(target.dataSource()).queryForList("SELECT table_schema || '.' || table_name"
                + " FROM information_schema.tables WHERE table_schema IN ('public', 'drover') ORDER BY 1", String.class);
    }
}
