package io.drover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.log.DroverTables;
import io.drover.sample.SampleData;
import io.drover.scaffold.SchemaReader;
import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drover's bookkeeping tables live in a schema of their own (drover.schema), never among the
 * application's: on a fresh target, in a schema of the user's choosing, after an upgrade from an install
 * that kept them in public, and beside an application table that shares a name with one of them.
 */
class DroverSchemaIT {

    private static final int CUSTOMERS = 20;

    private static TestDatabase source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabase.postgres("schema_src");
        SampleData.createSource(source.dataSource(), CUSTOMERS);
    }

    @AfterAll
    static void dropSource() {
        source.close();
    }

    @Test
    void aMigrationKeepsDroverTablesInSchemaDroverAndNoneInPublic() throws Exception {
        try (TestDatabase target = sampleTarget("schema_fresh")) {
            // when
            Drover.Result result = Drover.configure(dir, source, target).run("migrate", "customers", "--all");

            // then
            assertThat(result.exitCode()).as(result.toString()).isZero();
            Tables db = new Tables(target.dataSource());
            assertThat(tablesIn(db, "drover")).containsExactlyInAnyOrderElementsOf(postgresTables());
            assertThat(tablesIn(db, "public")).containsExactlyInAnyOrder("customer", "customer_address");
            assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(CUSTOMERS);
            assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(CUSTOMERS);
            // and: the scaffold, reading the application's schema, sees only the application's tables
            assertThat(SchemaReader.target(target.dataSource()).tables().keySet()).containsExactlyInAnyOrder("customer", "customer_address");
        }
    }

    @Test
    void droverSchemaPutsThemInTheSchemaItNames() throws Exception {
        try (TestDatabase target = sampleTarget("schema_ops")) {
            Drover drover = Drover.configure(dir, source, target, Map.of("drover.schema", "ops"));

            // when
            Drover.Result migrate = drover.run("migrate", "customers", "--all");
            Drover.Result status = drover.run("status", "customers");

            // then
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(status.out()).contains("Latest run").contains(CUSTOMERS + " migrated");
            Tables db = new Tables(target.dataSource());
            assertThat(tablesIn(db, "ops")).containsExactlyInAnyOrderElementsOf(postgresTables());
            assertThat(tablesIn(db, "public")).containsExactlyInAnyOrder("customer", "customer_address");
            assertThat(db.count("SELECT count(*) FROM pg_namespace WHERE nspname = 'drover'")).isZero();
            assertThat(db.count("SELECT count(*) FROM ops.migration_log")).isEqualTo(CUSTOMERS);
            assertThat(db.count("SELECT count(*) FROM ops.item_state WHERE last_status = 'MIGRATED'")).isEqualTo(CUSTOMERS);
        }
    }

    @Test
    void anInstallWithDroverTablesInPublicHasThemMovedOnceWithTheirRows() throws Exception {
        try (TestDatabase target = sampleTarget("schema_upgrade")) {
            // given: the layout of an older Drover, its tables and history in public, with a run and its log
            Flyway.configure().dataSource(target.dataSource()).locations("classpath:db/drover/postgresql")
                    .table("drover_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
            Tables db = new Tables(target.dataSource());
            assertThat(tablesIn(db, "public")).contains("migration_log", "drover_schema_history");
            db.jdbc().update("INSERT INTO public.migration_run (run_id, migration, arguments, host, started_at, status)"
                    + " VALUES ('00000000-0000-0000-0000-000000000001', 'customers', 'migrate customers --all', 'old', now(), 'FINISHED')");
            db.jdbc().update("INSERT INTO public.migration_log (run_id, migration, item_id, status, attempt, started_at, finished_at,"
                    + " duration_ms)"
                    + " VALUES ('00000000-0000-0000-0000-000000000001', 'customers', 'old-item', 'MIGRATED', 1, now(), now(), 5)");
            Drover drover = Drover.configure(dir, source, target);

            // when: a newer Drover starts on it, twice
            int first = Drover.waitFor(drover.start(dir, "first", "migrate", "customers", "--item-id=1"), 120);
            int second = Drover.waitFor(drover.start(dir, "second", "migrate", "customers", "--item-id=2"), 120);

            // then: the old row is in drover.migration_log, beside the new ones, and nothing of Drover is left in public
            assertThat(first).as(output("first")).isZero();
            assertThat(second).as(output("second")).isZero();
            assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id = 'old-item'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM drover.migration_run WHERE host = 'old'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id IN ('1', '2')")).isEqualTo(2);
            assertThat(tablesIn(db, "public")).containsExactlyInAnyOrder("customer", "customer_address");
            assertThat(tablesIn(db, "drover")).containsExactlyInAnyOrderElementsOf(postgresTables());
            // the moved history goes on where it stopped: every script once, none again
            assertThat(db.count("SELECT count(*) FROM drover.drover_schema_history WHERE version IS NOT NULL AND version <> '0'"))
                    .isEqualTo(scripts());
            // and: one log line says so, at the first start only
            assertThat(output("first")).containsOnlyOnce("Moved Drover's tables").contains("from schema public to schema drover");
            assertThat(output("second")).doesNotContain("Moved Drover's tables");
        }
    }

    @Test
    void anApplicationTableNamedMigrationLogIsLeftAlone() throws Exception {
        try (TestDatabase target = sampleTarget("schema_clash")) {
            // given: the application's own migration_log in public
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TABLE public.migration_log (entry_id integer PRIMARY KEY, note text NOT NULL)");
            db.jdbc().update("INSERT INTO public.migration_log VALUES (7, 'the application''s own')");

            // when
            Drover.Result result = Drover.configure(dir, source, target).run("migrate", "customers", "--all");

            // then: Drover logs in its own table, the application's is untouched
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(CUSTOMERS);
            assertThat(db.rows("SELECT * FROM public.migration_log")).containsExactly(Map.of("entry_id", 7, "note", "the application's own"));
            assertThat(tablesIn(db, "public")).containsExactlyInAnyOrder("customer", "customer_address", "migration_log");
            // and: the scaffold sees it as the application's table it is
            assertThat(SchemaReader.target(target.dataSource()).tables().keySet()).contains("migration_log");
        }
    }

    @Test
    void aSchemaNameThatIsNoIdentifierIsRefusedBeforeAnyTable() throws Exception {
        try (TestDatabase target = sampleTarget("schema_bad")) {
            // when
            Drover.Result result = Drover.configure(dir, source, target, Map.of("drover.schema", "drover; DROP TABLE customer"))
                    .run("migrate", "customers", "--all");

            // then: one line, exit code 2, nothing created
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err().strip().lines()).hasSize(1);
            assertThat(result.err()).contains("drover.schema 'drover; DROP TABLE customer' is not a valid SQL identifier");
            Tables db = new Tables(target.dataSource());
            assertThat(tablesIn(db, "public")).containsExactlyInAnyOrder("customer", "customer_address");
            assertThat(db.count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'drover%'")).isZero();
        }
    }

    private static TestDatabase sampleTarget(String purpose) throws Exception {
        TestDatabase target = TestDatabase.postgres(purpose);
        SampleData.createTarget(target.dataSource());
        return target;
    }

    private static List<String> tablesIn(Tables db, String schema) {
        return db.jdbc().queryForList("SELECT tablename FROM pg_tables WHERE schemaname = ?", String.class, schema);
    }

    /** Every table Drover's PostgreSQL scripts create, and the history. */
    private static List<String> postgresTables() {
        return DroverTables.ALL;
    }

    private static int scripts() throws Exception {
        try (var files = Files.list(Path.of("src/main/resources/db/drover/postgresql"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private String output(String name) {
        try {
            return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
