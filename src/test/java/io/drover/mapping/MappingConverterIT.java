package io.drover.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in mapping converter, from a real MariaDB source into a real PostgreSQL target, with no
 * Java: every form of mapping line, an aggregate whose child list becomes a link table with a composite
 * key, and every coercion of a MariaDB value into a PostgreSQL type, item by item and in bulk alike.
 */
class MappingConverterIT {

    private static final int FILMS = 30;

    private static final String FILMS_MIGRATION = """
            - templatedRoute:
                routeTemplateRef: drover-migrate-item
                routeId: migrate-films
                parameters:
                  - name: migration
                    value: films
                  - name: idQuery
                    value: SELECT film_id FROM film
                  - name: idColumn
                    value: film_id
                  - name: itemQuery
                    value: SELECT * FROM film WHERE film_id = :#id
                  - name: childQueries
                    value: |
                      actors: SELECT film_id, actor_id, role FROM film_actor WHERE film_id = :#id ORDER BY actor_id
                  - name: targets
                    value: |
                      film key film_id
                      film_text key film_id
                      film_actor key film_id,actor_id owner film_id
                  - name: mapping
                    value: |
                      film: auto                              # every source column of the same name
                      film.title <- title | trim, upper       # through transforms
                      film.shown_on <- shown_at               # DATETIME into a date of another name
                      film.length_min <- sql: length * 60     # evaluated by MariaDB in the item query
                      film.kind <- 'feature'
                      film.copies <- 3
                      film.featured <- true
                      film.remark <- null
                      film.-last_update                       # its default applies, and stays on reruns
                      film_text: none
                      film_text.film_id <- film_id
                      film_text.body <- description
                      film_actor from actors: auto
                      film_actor.film_id <- parent.film_id
                      film_actor.role <- role | trim, lower
                      film_actor.billing <- sql: actor_id * 10
            """;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase perItem;
    static TestDatabase bulk;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.mariadb("mapping_src");
        perItem = TestDatabase.postgres("mapping_item");
        bulk = TestDatabase.postgres("mapping_bulk");
        Tables legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("""
                CREATE TABLE film (film_id INT UNSIGNED PRIMARY KEY, title VARCHAR(100) NOT NULL, description TEXT,
                  rating ENUM('G', 'PG', 'R'), features SET('Trailers', 'Commentaries', 'Deleted Scenes'), release_year YEAR,
                  is_active TINYINT(1), is_flag TINYINT(1), big BIGINT UNSIGNED, price DECIMAL(12,4), poster MEDIUMBLOB,
                  shown_at DATETIME, note VARCHAR(20), code CHAR(4), length SMALLINT, geom GEOMETRY, last_update DATETIME)
                  DEFAULT CHARSET=utf8mb4""");
        legacy.jdbc().execute("CREATE TABLE film_actor (film_id INT UNSIGNED, actor_id INT, role VARCHAR(20),"
                + " PRIMARY KEY (film_id, actor_id))");
        Random random = new Random(20);
        for (int id = 1; id <= FILMS; id++) {
            byte[] poster = new byte[id == 7 ? 40_000 : 16];
            random.nextBytes(poster);
            legacy.jdbc().update("INSERT INTO film VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + (id == 3 ? "ST_GeomFromText('POINT(1 1)')" : "NULL") + ", '2001-01-01 00:00:00')",
                    id, "  film " + id + " ", id % 5 == 0 ? null : "about film " + id, List.of("G", "PG", "R").get(id % 3),
                    id % 4 == 0 ? "" : id % 2 == 0 ? "Deleted Scenes,Trailers" : "Commentaries", 1990 + id,
                    id % 2, id % 3 == 0 ? 1 : 0, id == 1 ? "18446744073709551615" : String.valueOf(id * 1000L),
                    new java.math.BigDecimal("12345678.1234").add(java.math.BigDecimal.valueOf(id)), poster,
                    "2020-03-" + String.format("%02d", id % 28 + 1) + " 23:30:00", id % 2 == 0 ? "" : null,
                    id % 2 == 0 ? "ab" : "abcd", 90 + id);
            for (int actor = 1; actor <= id % 4; actor++) {
                legacy.jdbc().update("INSERT INTO film_actor VALUES (?, ?, ?)", id, actor, " Lead " + actor + " ");
            }
        }
        for (TestDatabase target : new TestDatabase[] {perItem, bulk}) {
            Tables db = new Tables(target.dataSource());
            db.jdbc().execute("CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'R')");
            db.jdbc().execute("CREATE DOMAIN year_domain AS integer CHECK (VALUE BETWEEN 1901 AND 2155)");
            db.jdbc().execute("""
                    CREATE TABLE film (film_id serial PRIMARY KEY, title varchar(100) NOT NULL, description text,
                      rating mpaa_rating, features text[], release_year year_domain, is_active boolean, is_flag integer,
                      big numeric(20, 0), price numeric(12, 4), poster bytea, shown_on date, note varchar(20), code char(4),
                      length_min integer, kind text, copies smallint, featured boolean, remark text,
                      last_update timestamp NOT NULL DEFAULT '2030-01-01 00:00:00', created_by text NOT NULL DEFAULT 'drover')""");
            db.jdbc().execute("CREATE TABLE film_text (film_id integer PRIMARY KEY REFERENCES film, body text)");
            db.jdbc().execute("CREATE TABLE film_actor (film_id integer REFERENCES film, actor_id integer, role text,"
                    + " billing integer, PRIMARY KEY (film_id, actor_id))");
            // the session's zone is neither the JVM's nor UTC: dates and times keep the source's wall clock
            db.jdbc().execute("ALTER DATABASE " + target.name() + " SET timezone = 'Pacific/Auckland'");
        }
    }

    @AfterAll
    static void dropDatabases() {
        TestDatabase.closeAll(source, perItem, bulk);
    }

    @Test
    void aMigrationWithoutJavaMigratesTheSameRowsItemByItemAndInBulkAndRerunsUnchanged() {
        Drover items = Drover.withMigration(dir.resolve("items"), source, perItem, FILMS_MIGRATION);
        Drover chunks = Drover.withMigration(dir.resolve("bulk"), source, bulk, FILMS_MIGRATION);

        // when
        Drover.Result itemRun = items.run("migrate", "films", "--all");
        Drover.Result bulkRun = chunks.run("migrate", "films", "--all", "--bulk", "--chunk-size=8");

        // then
        assertThat(itemRun.out()).as(itemRun.toString()).contains(FILMS + " migrated, 0 unchanged, 0 failed");
        assertThat(bulkRun.out()).as(bulkRun.toString()).contains(FILMS + " migrated, 0 unchanged, 0 failed");
        Tables db = new Tables(perItem.dataSource());
        Tables reference = new Tables(bulk.dataSource());
        for (String query : List.of(FILM_ROWS, "SELECT * FROM film_text ORDER BY film_id",
                "SELECT * FROM film_actor ORDER BY film_id, actor_id")) {
            assertThat(db.rows(query)).as(query).isEqualTo(reference.rows(query)).isNotEmpty();
        }
        // and: every value coerced to its column's type
        assertThat(db.rows(FILM_ROWS + " LIMIT 4")).containsExactly(
                film(1, "FILM 1", "PG", "{Commentaries}", 1991, true, 0, "18446744073709551615", "12345679.1234", "2020-03-02",
                        null, "abcd", 5460),
                film(2, "FILM 2", "R", "{Trailers,\"Deleted Scenes\"}", 1992, false, 0, "2000", "12345680.1234", "2020-03-03",
                        "", "ab  ", 5520),
                film(3, "FILM 3", "G", "{Commentaries}", 1993, true, 1, "3000", "12345681.1234", "2020-03-04", null, "abcd", 5580),
                film(4, "FILM 4", "PG", "{}", 1994, false, 0, "4000", "12345682.1234", "2020-03-05", "", "ab  ", 5640));
        assertThat(db.rows("SELECT length(poster) AS bytes FROM film WHERE film_id = 7")).containsExactly(Map.of("bytes", 40_000));
        assertThat(db.rows("SELECT count(*) AS n FROM film WHERE poster = ?", posterOf(7))).containsExactly(Map.of("n", 1L));
        assertThat(db.rows("SELECT film_id, body FROM film_text WHERE film_id IN (4, 5) ORDER BY film_id")).containsExactly(
                Map.of("film_id", 4, "body", "about film 4"), row("film_id", 5, "body", null));
        assertThat(db.rows("SELECT * FROM film_actor WHERE film_id = 3 ORDER BY actor_id")).containsExactly(
                Map.of("film_id", 3, "actor_id", 1, "role", "lead 1", "billing", 10),
                Map.of("film_id", 3, "actor_id", 2, "role", "lead 2", "billing", 20),
                Map.of("film_id", 3, "actor_id", 3, "role", "lead 3", "billing", 30));

        // and when: both run again
        Drover.Result itemRerun = items.run("migrate", "films", "--all");
        Drover.Result bulkRerun = chunks.run("migrate", "films", "--all", "--bulk", "--chunk-size=8");

        // then: nothing changed, and the target is as it was
        assertThat(itemRerun.out()).as(itemRerun.toString()).contains("0 migrated, " + FILMS + " unchanged, 0 failed");
        assertThat(bulkRerun.out()).as(bulkRerun.toString()).contains("0 migrated, " + FILMS + " unchanged, 0 failed");
        assertThat(db.rows("SELECT DISTINCT last_update::text AS at FROM film")).containsExactly(Map.of("at", "2030-01-01 00:00:00"));

        // and: verify and a dry run see the target as the mapping would write it
        Drover.Result verify = items.run("verify", "films");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains(FILMS + " match");
        Drover.Result dryRun = chunks.run("migrate", "films", "--all", "--force", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).doesNotContainPattern("would change [1-9]").contains("no change: the target already holds this item");
        Drover.Result audit = items.run("audit", "films");
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains("Predicted outcome: " + FILMS + " MIGRATED, 0 REJECTED, 0 FAILED");
    }

    private static final String FILM_ROWS = "SELECT film_id, title, rating::text AS rating, features::text AS features,"
            + " release_year, is_active, is_flag, big::text AS big, price::text AS price, shown_on::text AS shown_on, note, code,"
            + " length_min, kind, copies, featured, remark, created_by FROM film ORDER BY film_id";

    private static Map<String, Object> film(int id, String title, String rating, String features, int year, boolean active,
                                            int flag, String big, String price, String shownOn, String note, String code, int minutes) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("film_id", id);
        row.put("title", title);
        row.put("rating", rating);
        row.put("features", features);
        row.put("release_year", year);
        row.put("is_active", active);
        row.put("is_flag", flag);
        row.put("big", big);
        row.put("price", price);
        row.put("shown_on", shownOn);
        row.put("note", note);
        row.put("code", code);
        row.put("length_min", minutes);
        row.put("kind", "feature");
        row.put("copies", 3);
        row.put("featured", true);
        row.put("remark", null);
        row.put("created_by", "drover");
        return row;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static byte[] posterOf(int id) {
        return new Tables(source.dataSource()).jdbc().queryForObject("SELECT poster FROM film WHERE film_id = ?", byte[].class, id);
    }

    @Test
    void aValueThatCannotBeCoercedFailsOnlyItsItemNamingColumnTypesAndValue() {
        // given: text the target's types refuse, in a column of a domain, an enum and a serial
        new Tables(source.dataSource()).jdbc().execute("CREATE TABLE odd_film (id INT PRIMARY KEY, release_year VARCHAR(10),"
                + " rating VARCHAR(10), seq VARCHAR(10))");
        new Tables(source.dataSource()).jdbc().execute("INSERT INTO odd_film VALUES (1, '1999', 'G', '5'), (2, 'abc', 'G', '6'),"
                + " (3, '2001', 'NC-17', '7'), (4, '2002', 'PG', 'x7'), (5, '1800', 'R', '9'), (6, '2003', 'R', '10')");
        String migration = """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-odd-films
                    parameters:
                      - name: migration
                        value: odd-films
                      - name: idQuery
                        value: SELECT id FROM odd_film
                      - name: itemQuery
                        value: SELECT * FROM odd_film WHERE id = :#id
                      - name: targets
                        value: odd_film
                """;
        Map<String, Tables> targets = new java.util.LinkedHashMap<>();
        targets.put("item", new Tables(perItem.dataSource()));
        targets.put("bulk", new Tables(bulk.dataSource()));
        for (Map.Entry<String, Tables> target : targets.entrySet()) {
            target.getValue().jdbc().execute("CREATE TABLE odd_film (id integer PRIMARY KEY, release_year year_domain,"
                    + " rating mpaa_rating, seq serial)");
            Drover drover = Drover.withMigration(dir.resolve("odd-" + target.getKey()), source,
                    target.getKey().equals("item") ? perItem : bulk, migration);

            // when
            Drover.Result run = target.getKey().equals("item") ? drover.run("migrate", "odd-films", "--all")
                    : drover.run("migrate", "odd-films", "--all", "--bulk", "--chunk-size=6");

            // then: each refused value fails its own item, named; the others are migrated
            Tables db = target.getValue();
            assertThat(run.out()).as(run.toString()).contains("2 migrated, 0 unchanged, 4 failed");
            assertThat(db.statuses(db.latestRunId("odd-films"))).containsEntry("1", "MIGRATED").containsEntry("6", "MIGRATED");
            Map<String, String> errors = new java.util.HashMap<>();
            db.rows("SELECT item_id, error FROM drover.migration_log WHERE status = 'FAILED'")
                    .forEach(r -> errors.put((String) r.get("item_id"), (String) r.get("error")));
            assertThat(errors.get("2")).as(target.getKey()).contains("column 'release_year' cannot be stored in odd_film.release_year"
                    + " of type year_domain (a domain over integer): a text value is not a whole number (value: 'abc')");
            assertThat(errors.get("3")).as(target.getKey()).contains("column 'rating' cannot be stored in odd_film.rating"
                    + " of type mpaa_rating: a text value is not one of the enum's labels [G, PG, R] (value: 'NC-17')");
            assertThat(errors.get("4")).as(target.getKey()).contains("column 'seq' cannot be stored in odd_film.seq"
                    + " of type integer: a text value is not a whole number (value: 'x7')");
            assertThat(errors.get("5")).as(target.getKey()).contains("year_domain_check");
            assertThat(db.rows("SELECT id, release_year, rating::text AS rating, seq FROM odd_film ORDER BY id")).containsExactly(
                    Map.of("id", 1, "release_year", 1999, "rating", "G", "seq", 5),
                    Map.of("id", 6, "release_year", 2003, "rating", "R", "seq", 10));
        }
    }

    @Test
    void aMappingNamingAColumnThatDoesNotExistStopsBeforeAnyItem() {
        String broken = FILMS_MIGRATION.replace("routeId: migrate-films", "routeId: migrate-broken")
                .replace("value: films", "value: broken").replace("film.remark <- null", "film.remarks <- null");
        Drover drover = Drover.withMigration(dir.resolve("broken"), source, perItem, broken);

        Drover.Result run = drover.run("migrate", "broken", "--all");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("migration 'broken', mapping: film.remarks: target table film has no column remarks");
        assertThat(new Tables(perItem.dataSource()).rows("SELECT count(*) AS n FROM drover.migration_log WHERE migration = 'broken'"))
                .containsExactly(Map.of("n", 0L));

        String keyless = FILMS_MIGRATION.replace("film_text.film_id <- film_id", "# film_text.film_id left out");
        Drover.Result noKey = Drover.withMigration(dir.resolve("no-key"), source, perItem, keyless).run("migrate", "films", "--all");
        assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(2);
        assertThat(noKey.err()).contains("migration 'films', mapping: nothing fills the key column film_text.film_id;"
                + " map it ('film_text.film_id <- …')");

        String unknownList = FILMS_MIGRATION.replace("film_actor from actors: auto", "film_actor from cast: auto");
        Drover.Result undeclared = Drover.withMigration(dir.resolve("unknown-list"), source, perItem, unknownList)
                .run("migrate", "films", "--all");
        assertThat(undeclared.exitCode()).as(undeclared.toString()).isEqualTo(2);
        assertThat(undeclared.err()).contains("migration 'films', mapping: film_actor from cast names a child list the migration"
                + " does not declare; its child lists: [actors]");
    }

    @Test
    void autoReportsAtStartTheSourceColumnsItSkipsAndTheNotNullColumnsNothingFills() throws Exception {
        // given: a target with fewer columns, one of them NOT NULL without a default; no mapping at all
        new Tables(perItem.dataSource()).jdbc().execute("CREATE TABLE film_summary (film_id integer PRIMARY KEY, title text,"
                + " rating text, release_year integer, summary text NOT NULL)");
        Drover drover = Drover.withMigration(dir.resolve("summary"), source, perItem, """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-summaries
                    parameters:
                      - name: migration
                        value: summaries
                      - name: idQuery
                        value: SELECT film_id FROM film
                      - name: idColumn
                        value: film_id
                      - name: itemQuery
                        value: SELECT * FROM film WHERE film_id = :#id
                      - name: targets
                        value: film_summary
                """);

        // when
        int exit = Drover.waitFor(drover.start(dir, "summaries", "migrate", "summaries", "--item-id=1"), 120);

        // then
        String log = Files.readString(dir.resolve("summaries.err"));
        assertThat(exit).as(log).isEqualTo(1); // the item fails on the NOT NULL column, as reported
        String prefix = "migration 'summaries', mapping: film_summary: ";
        assertThat(log).contains(prefix + "auto skips source column 'geom' of the item query: target table film_summary has no"
                        + " column of that name")
                .contains(prefix + "auto skips source column 'shown_at' of the item query")
                .contains(prefix + "NOT NULL column film_summary.summary has no default and nothing fills it;"
                        + " map it ('film_summary.summary <- …') or every item will fail")
                .doesNotContain("auto skips source column 'title'");
        assertThat(log.indexOf("auto skips source column 'geom'")).isLessThan(log.indexOf("item 1"));
    }
}
