package io.drover.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.cli.DroverRuntime;
import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.testing.Drover;
import io.drover.testing.LegacyFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** `drover scaffold` on the legacy fixture: the plan it proposes, and how it refuses what it must not do. */
class ScaffoldIT {

    @TempDir
    static Path dir;
    static LegacyFixture fixture;
    static Drover drover;

    @BeforeAll
    static void loadFixture() {
        fixture = LegacyFixture.load("scaffold");
        drover = Drover.configure(dir.resolve("config"), fixture.source(), fixture.target());
    }

    @AfterAll
    static void dropFixture() {
        fixture.close();
    }

    @Test
    void proposesOneMigrationPerTableWithLinkTablesAndTheCycleAsChildLists() throws IOException {
        // when
        Path file = dir.resolve("proposed/rental.camel.yaml");
        Drover.Result result = drover.run("scaffold", "rental", "--output=" + file);

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Wrote " + file + ": 9 migrations of plan 'rental'");
        String yaml = Files.readString(file);
        Map<String, Map<String, String>> migrations = migrations(yaml);
        assertThat(migrations).containsOnlyKeys("actor", "address", "category", "customer", "exchange_rate", "film", "language",
                "payment", "store");
        migrations.forEach((name, parameters) -> {
            assertThat(parameters).containsEntry("plan", "rental");
            assertThat(parameters.get("mapping")).startsWith(name + ": auto\n");
            assertThat(parameters).doesNotContainKey("converter");
        });
        assertThat(migrations.get("language")).containsEntry("idQuery", "SELECT language_id FROM language")
                .containsEntry("itemQuery", "SELECT * FROM language WHERE language_id = :#id")
                .containsEntry("idColumn", "language_id").containsEntry("idType", "number")
                .containsEntry("targets", "language key language_id\n");

        // link tables: child lists of their first foreign key's table
        assertThat(migrations.get("film")).containsEntry("childQueries", "film_category: SELECT * FROM film_category WHERE film_id = :#id\n")
                .containsEntry("targets", "film key film_id\nfilm_category key film_id,category_id owner film_id\n")
                .containsEntry("mapping", "film: auto\nfilm_category from film_category: auto\n");
        assertThat(migrations.get("actor")).containsEntry("childQueries", "film_actor: SELECT * FROM film_actor WHERE actor_id = :#id\n")
                .containsEntry("targets", "actor key actor_id\nfilm_actor key actor_id,film_id owner actor_id\n");
        assertThat(yaml).contains("# film_actor (primary key actor_id, film_id) is a link table: child list of actor by its first"
                + " foreign key in\n#   column order, film_actor.actor_id → actor; it could belong to film (film_id) instead.");

        // the cycle: store is the root, staff its child list
        assertThat(migrations.get("store")).containsEntry("childQueries", "staff: SELECT * FROM staff WHERE store_id = :#id\n")
                .containsEntry("targets", "store key store_id\nstaff key staff_id owner store_id\n")
                .containsEntry("mapping", "store: auto\nstaff from staff: auto\n");
        assertThat(flat(yaml)).contains("# staff and store point at each other through NOT NULL foreign keys that cannot be deferred"
                + " (staff.store_id → store; store.manager_staff_id → staff). One aggregate, so the plan has no cycle between"
                + " migrations: store is the root and staff its child list by store_id, because many staff rows share one store");

        // a composite key with no parent: one text id of the key's columns
        assertThat(migrations.get("exchange_rate")).containsEntry("idColumn", "drover_id").containsEntry("idType", "text")
                .containsEntry("idQuery", "SELECT CONCAT(currency, '|', valid_on) AS drover_id FROM exchange_rate")
                .containsEntry("targets", "exchange_rate key currency,valid_on\n");

        // what is left out, unfilled or coerced
        assertThat(yaml).contains("# source table film_text: left out, the target has no table of that name\n")
                .contains("# target table payment_p2024: not migrated, the source has no table of that name\n")
                .contains("# address.location (GEOMETRY): left out, the target table has no column of that name\n")
                .contains("# film.rating: coerced from ENUM to mpaa_rating\n")
                .contains("# film.special_features: coerced from SET to text[]\n")
                .contains("# film.release_year: coerced from YEAR to year\n")
                .contains("# customer.create_date: coerced from DATETIME to date\n")
                .contains("# customer.active: coerced from BOOLEAN to int4\n")
                .doesNotContain("staff.active: coerced") // TINYINT(1) into boolean is no coercion
                .doesNotContain("film.status"); // NOT NULL, but its default fills it
        assertThat(flat(yaml)).contains("# film.search_title (text): NOT NULL without a default, and no source column of that name"
                + " fills it; unless a trigger does, map it (film.search_title <- …) or every item fails");
    }

    @Test
    void theProposedPlanLoadsAsDroverListLoadsRoutes() throws IOException {
        // given
        Path file = dir.resolve("loaded/rental.camel.yaml");
        assertThat(drover.run("scaffold", "rental", "--output=" + file).exitCode()).isZero();
        Map<String, Map<String, String>> declared = migrations(Files.readString(file));
        Drover withPlan = Drover.withMigration(dir.resolve("loaded"), fixture.source(), fixture.target(), Files.readString(file));

        // when
        Drover.Result list = withPlan.run("list");

        // then: every migration is loaded, with what the file declares
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines().map(line -> line.split("\\s+")[0]).toList()).containsAll(declared.keySet());
        try (DroverRuntime runtime = DroverRuntime.start(withPlan.config(), Map.of("drover.triggers.enabled", "false"))) {
            Map<String, Migration> loaded = runtime.beans().catalog().all();
            assertThat(loaded).containsOnlyKeys(declared.keySet());
            declared.forEach((name, parameters) -> {
                Migration migration = loaded.get(name);
                assertThat(migration.idQuery()).isEqualTo(parameters.get("idQuery"));
                assertThat(migration.itemQuery()).isEqualTo(parameters.get("itemQuery"));
                assertThat(migration.idColumn()).isEqualTo(parameters.get("idColumn"));
                assertThat(migration.idType().name()).isEqualToIgnoringCase(parameters.get("idType"));
                assertThat(migration.targets().stream().map(TargetTable::table).toList())
                        .isEqualTo(parameters.get("targets").lines().map(line -> line.split(" ")[0]).toList());
                assertThat(migration.childQueries().keySet())
                        .isEqualTo(parameters.getOrDefault("childQueries", "").lines().map(line -> line.split(":")[0]).toList()
                                .stream().collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
            });
        }
    }

    @Test
    void refusesToOverwriteAnExistingFileUnlessForced() throws IOException {
        // given
        Path file = dir.resolve("existing.camel.yaml");
        Files.writeString(file, "# the user's edits\n");

        // when
        Drover.Result refused = drover.run("scaffold", "rental", "--output=" + file);
        Drover.Result forced = drover.run("scaffold", "rental", "--output=" + file, "--force");

        // then
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("drover: " + file + " exists; edit it, or pass --force to replace it");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(file)).startsWith("# Plan 'rental'");
    }

    @Test
    void badConnectionSettingsGiveOneLineAndExit2() {
        // given: a source nobody listens on, and a wrong password for the target
        Drover unreachable = Drover.configure(dir.resolve("unreachable"), "jdbc:mariadb://127.0.0.1:1/legacy", "root", "",
                fixture.target().url(), fixture.target().user(), fixture.target().password(), Map.of());
        Drover wrongPassword = Drover.configure(dir.resolve("wrong-password"), fixture.source().url(), fixture.source().user(),
                fixture.source().password(), fixture.target().url(), "no_such_user", "s3cret-Pa55", Map.of());
        Path file = dir.resolve("never.camel.yaml");

        // when
        Drover.Result noSource = unreachable.run("scaffold", "rental", "--output=" + file);
        Drover.Result noTarget = wrongPassword.run("scaffold", "rental", "--output=" + file);

        // then
        assertThat(noSource.exitCode()).as(noSource.toString()).isEqualTo(2);
        assertThat(noSource.err().strip()).startsWith("drover: cannot connect to the source database jdbc:mariadb://127.0.0.1:1/legacy")
                .doesNotContain("\n");
        assertThat(noTarget.exitCode()).as(noTarget.toString()).isEqualTo(2);
        assertThat(noTarget.err().strip()).startsWith("drover: cannot connect to the target database").doesNotContain("\n")
                .doesNotContain("s3cret-Pa55");
        assertThat(file).doesNotExist();
    }

    @Test
    void aBadPlanNameIsRefused() {
        Drover.Result result = drover.run("scaffold", "Rental Plan", "--output=" + dir.resolve("bad.camel.yaml"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("drover: plan name 'Rental Plan' must be lower case letters, digits, '-' or '_'");
    }

    /** The parameters of each templated route of drover-migrate-item in the file, by migration, as YAML reads them. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> migrations(String yaml) {
        Map<String, Map<String, String>> migrations = new LinkedHashMap<>();
        Object document = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        for (Object entry : document == null ? List.of() : (List<Object>) document) { // only comments: no document
            Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) entry).get("templatedRoute");
            assertThat(route.get("routeTemplateRef")).isEqualTo("drover-migrate-item");
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Object parameter : (List<Object>) route.get("parameters")) {
                Map<String, Object> pair = (Map<String, Object>) parameter;
                parameters.put((String) pair.get("name"), (String) pair.get("value"));
            }
            assertThat(route.get("routeId")).isEqualTo("migrate-" + parameters.get("migration"));
            migrations.put(parameters.get("migration"), parameters);
        }
        return migrations;
    }

    /** Comments as one line each, their wrapping undone. */
    private static String flat(String yaml) {
        return yaml.replace("\n#   ", " ");
    }
}
