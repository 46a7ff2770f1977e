package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration, case by case: a short message that says what is wrong and how to fix it, exit
 * code 2, and no item touched. Includes attempts to inject SQL through every configurable identifier.
 */
class BadConfigurationIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Tables db;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("badconf_src");
        target = TestDatabase.postgres("badconf_tgt");
        db = new Tables(target.dataSource());
        Drover drover = Drover.configure(dir.resolve("init"), source, target);
        assertThat(drover.run("sample", "init", "--customers=50").exitCode()).isZero();
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    private Drover.Result migrateWith(String name, Map<String, String> properties) {
        Drover drover = Drover.configure(dir.resolve(name), source, target, properties);
        return drover.run("migrate", "customers", "--all");
    }

    private Drover.Result migrateWithMigration(String name, String migration, String yaml) {
        return Drover.withMigration(dir.resolve(name), source, target, yaml).run("migrate", migration, "--all");
    }

    private static void assertRefused(Drover.Result result, String... messageParts) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).startsWith("drover: ").contains(messageParts);
        assertThat(result.err().lines().count()).as("a short message, not a stack trace").isLessThanOrEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM customer")).isZero();
    }

    @Test
    void missingProperty() {
        assertRefused(migrateWith("missing", Map.of("drover.target.url", "")),
                "drover.target.url is not set", "DROVER_TARGET_URL");
    }

    @Test
    void invalidProperty() {
        assertRefused(migrateWith("invalid", Map.of("drover.workers", "many")), "drover.workers must be a whole number, got 'many'");
        assertRefused(migrateWith("interval", Map.of("drover.progress.interval-seconds", "bogus")),
                "drover.progress.interval-seconds must be a whole number, got 'bogus'");
        assertRefused(migrateWith("chunk", Map.of("drover.bulk.chunk-size", "0")), "drover.bulk.chunk-size must be at least 1, got 0");
        assertRefused(migrateWith("notjdbc", Map.of("drover.source.url", "postgres://127.0.0.1/x")),
                "drover.source.url must be a JDBC URL starting with 'jdbc:'");
    }

    @Test
    void aUserNamedInTheUrlIsTheOneTheMessageNames() {
        // given: the user only in the URL, the username setting left at the H2 quick start's sa
        assertRefused(migrateWith("urluser", Map.of("drover.target.url", target.url() + "?user=no_such_url_user",
                        "drover.target.username", "sa")),
                "as no_such_url_user", "role \"no_such_url_user\" does not exist");
    }

    @Test
    void malformedYamlNamesTheLineOfTheFaultAndWhatIsWrong() {
        // given: a migration file broken at line 12, inside the mapping that began at line 2
        String yaml = """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-broken
                    parameters:
                      - name: migration
                        value: broken
                      - name: idQuery
                        value: SELECT id FROM customers
                      - name: itemQuery
                        value: SELECT * FROM customers WHERE id = :#id
                      - name: targets
                     bad: [unclosed
                """;

        Drover.Result result = migrateWithMigration("yaml", "broken", yaml);

        assertRefused(result, "malformed YAML in ", "migration.camel.yaml, line 12, column ", "expected <block end>",
                "that began at line 2");
    }

    @Test
    void aMariaDbSourceThatRefusesPrintsDroversLineAlone() throws Exception {
        // given: a MariaDB source database that does not exist, in a real process with the command line's logging
        Drover drover = Drover.configure(dir.resolve("mariadb"), "jdbc:mariadb://127.0.0.1:3306/no_such_drover_db", "root", "",
                target.url(), target.user(), target.password(), Map.of());
        Path out = Files.createDirectories(dir.resolve("mariadb-out"));

        // status (list opens no database)
        int exit = Drover.waitFor(drover.start(out, "status", "status", "customers"), 120);

        String err = Files.readString(out.resolve("status.err"));
        assertThat(exit).as(err).isEqualTo(2);
        assertThat(err.lines().toList()).as("the driver's own WARN line stays out").singleElement().asString()
                .startsWith("drover: cannot connect to the source database").contains("Unknown database 'no_such_drover_db'");
    }

    @Test
    void wrongCredentials() {
        assertRefused(migrateWith("credentials", Map.of("drover.target.username", "no_such_drover_user")),
                "cannot connect to the target database jdbc:postgresql://127.0.0.1:5432/", "as no_such_drover_user",
                "role \"no_such_drover_user\" does not exist", "DROVER_TARGET_URL");
    }

    @Test
    void unreachableHost() {
        assertRefused(migrateWith("unreachable", Map.of("drover.source.url", "jdbc:postgresql://127.0.0.1:9/nowhere")),
                "cannot connect to the source database jdbc:postgresql://127.0.0.1:9/nowhere", "Connection to 127.0.0.1:9 refused");
    }

    @Test
    void missingConfigurationFile() {
        Drover.Result result = new Drover(dir.resolve("no-such.properties")).run("migrate", "customers", "--all");
        assertRefused(result, "configuration file", "not found", "--config");
    }

    @Test
    void unknownConverterBean() throws Exception {
        assertRefused(migrateWithMigration("unknown-bean", "unknownbean", migration("unknownbean", "noSuchConverter", "customer key id", "id")),
                "no bean named 'noSuchConverter'");
    }

    @Test
    void targetTableWithoutKey() throws Exception {
        db.jdbc().execute("CREATE TABLE IF NOT EXISTS keyless (id bigint, first_name text)");
        assertRefused(migrateWithMigration("keyless", "keyless", migration("keyless", "customerConverter", "keyless", "id")),
                "target table 'keyless' has no primary key and none is declared", "keyless key id");
    }

    @Test
    void missingTargetTable() throws Exception {
        assertRefused(migrateWithMigration("notable", "notable", migration("notable", "customerConverter", "no_such_table key id", "id")),
                "target table 'no_such_table' does not exist");
    }

    @Test
    void queryNamingATableOrColumnTheSourceLacks() throws Exception {
        String table = migration("tabletypo", "customerConverter", "customer key id", "id")
                .replace("SELECT * FROM customers WHERE id = :#id", "SELECT * FROM customerz WHERE id = :#id");
        assertRefused(migrateWithMigration("tabletypo", "tabletypo", table), "migration 'tabletypo': its item query cannot run on the source:",
                "relation \"customerz\" does not exist", "SELECT * FROM customerz WHERE id = :#id");
        String column = migration("columntypo", "customerConverter", "customer key id", "id")
                .replace("SELECT id FROM customers", "SELECT idd FROM customers");
        assertRefused(migrateWithMigration("columntypo", "columntypo", column), "migration 'columntypo': its id query cannot run on the source:",
                "column \"idd\" does not exist");
        assertThat(db.count("SELECT count(*) FROM drover.migration_run WHERE migration IN ('tabletypo', 'columntypo')")).isZero();
        // drover run checks its migrations the same way, before a trigger hands over any id
        int port = Drover.freePort();
        Drover.Result run = Drover.withMigration(dir.resolve("runtypo"), source, target, table.replace("tabletypo", "runtypo"),
                Map.of("drover.observe.port", String.valueOf(port))).run("run");
        assertRefused(run, "migration 'runtypo': its item query cannot run on the source:", "relation \"customerz\" does not exist");
        assertThat(db.count("SELECT count(*) FROM drover.migration_run WHERE migration = 'runtypo'")).isZero();
    }

    @Test
    void yamlTypo() throws Exception {
        String typo = migration("typo", "customerConverter", "customer key id", "id").replace("routeTemplateRef:", "routeTemplateRefs:");
        Drover.Result result = migrateWithMigration("typo", "typo", typo);
        assertRefused(result, "migration.camel.yaml", "routeTemplateRefs");
    }

    @Test
    void sqlInjectionThroughEveryConfigurableIdentifierIsRefused() throws Exception {
        Map<String, String> attempts = new HashMap<>();
        attempts.put("targets", migration("inj1", "customerConverter", "customer; DROP TABLE customer", "id"));
        attempts.put("key", migration("inj2", "customerConverter", "customer key id) ; DROP TABLE customer; --", "id"));
        attempts.put("owner", migration("inj3", "customerConverter", "customer_address key id owner customer_id;DELETE", "id"));
        attempts.put("owner2", migration("inj7", "customerConverter", "customer_address key id owner customer_id) OR 1=1 --", "id"));
        attempts.put("schema", migration("inj4", "customerConverter", "public\".customer key id", "id"));
        attempts.put("idColumn", migration("inj5", "customerConverter", "customer key id", "id FROM customers; DROP TABLE customers; --"));
        attempts.put("sensitive", migration("inj6", "customerConverter", "customer key id", "id")
                .replace("- name: converter", "- name: sensitiveColumns\n        value: \"phone'); DROP TABLE customer; --\"\n      - name: converter"));
        int n = 0;
        for (Map.Entry<String, String> attempt : attempts.entrySet()) {
            String name = "inj" + (++n);
            String yaml = attempt.getValue().replaceAll("migration: inj\\d", "").replaceAll("value: inj\\d\\b", "value: " + name)
                    .replaceAll("migrate-inj\\d", "migrate-" + name);
            Drover.Result result = migrateWithMigration("injection-" + attempt.getKey(), name, yaml);
            assertRefused(result, "not");
            // refused as a bad identifier, an unreadable line, or (after a ';', which separates lines) an unknown table
            assertThat(result.err()).as(attempt.getKey()).containsAnyOf("is not a valid SQL identifier", "cannot read target",
                    "target table 'delete' does not exist");
        }
        // nothing was dropped, in the target nor in the source
        assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('customer', 'customer_address')")).isEqualTo(2);
        assertThat(new Tables(source.dataSource()).count("SELECT count(*) FROM customers")).isEqualTo(50);
    }

    private static String migration(String name, String converter, String targets, String idColumn) {
        return """
                - beans:
                    - name: customerConverter
                      type: "#class:io.drover.sample.CustomerConverter"
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-%1$s
                    parameters:
                      - name: migration
                        value: %1$s
                      - name: idQuery
                        value: SELECT id FROM customers
                      - name: idColumn
                        value: "%4$s"
                      - name: itemQuery
                        value: SELECT * FROM customers WHERE id = :#id
                      - name: converter
                        value: %2$s
                      - name: targets
                        value: "%3$s"
                """.formatted(name, converter, targets.replace("\"", "\\\""), idColumn);
    }
}
