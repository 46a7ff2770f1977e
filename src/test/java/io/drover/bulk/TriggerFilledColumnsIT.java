package io.drover.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NOT NULL column that nothing maps but a BEFORE INSERT trigger fills (Sakila's {@code film.fulltext}, a
 * search vector): no false warning at start, and bulk mode writes such items by chunks instead of sending
 * every one of them alone through the item route, as if the database were going to refuse it.
 */
class TriggerFilledColumnsIT {

    private static final int FILMS = 300;

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @Test
    void aColumnFilledByATriggerDoesNotSendItemsAloneNorWarn() throws Exception {
        source = TestDatabase.mariadb("trigger_fill_src");
        target = TestDatabase.postgres("trigger_fill_tgt");
        Tables legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE film (film_id INT PRIMARY KEY, title VARCHAR(100) NOT NULL)");
        for (int id = 1; id <= FILMS; id++) {
            legacy.jdbc().update("INSERT INTO film VALUES (?, ?)", id, "Film number " + id);
        }
        Tables db = new Tables(target.dataSource());
        db.jdbc().execute("CREATE TABLE film (film_id integer PRIMARY KEY, title text NOT NULL, fulltext tsvector NOT NULL)");
        db.jdbc().execute("CREATE TRIGGER film_fulltext BEFORE INSERT OR UPDATE ON film FOR EACH ROW"
                + " EXECUTE FUNCTION tsvector_update_trigger(fulltext, 'pg_catalog.english', title)");
        Drover drover = Drover.withMigration(dir, source, target, """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-film
                    parameters:
                      - name: migration
                        value: film
                      - name: idQuery
                        value: SELECT film_id FROM film
                      - name: idColumn
                        value: film_id
                      - name: itemQuery
                        value: SELECT film_id, title FROM film WHERE film_id = :#id
                      - name: targets
                        value: film key film_id
                      - name: mapping
                        value: "film: auto"
                """);
        long commitsBefore = commits(db);

        // when: in a process of its own, so that its log is the command line's
        Process process = drover.start(dir, "bulk", "migrate", "film", "--all", "--bulk", "--chunk-size=50");

        // then
        assertThat(Drover.waitFor(process, 120)).isZero();
        assertThat(Files.readString(dir.resolve("bulk.out"))).contains(FILMS + " migrated, 0 unchanged, 0 failed");
        assertThat(Files.readString(dir.resolve("bulk.err"))).doesNotContain("nothing fills it");
        assertThat(db.count("SELECT count(*) FROM film WHERE fulltext @@ to_tsquery('number')")).isEqualTo(FILMS);
        // four chunks of 50 commit a handful of transactions; items sent alone would commit one each
        assertThat(commits(db) - commitsBefore).isLessThan(FILMS / 2);
    }

    /** Transactions committed in the target database so far (PostgreSQL's statistics, flushed as sessions end). */
    private static long commits(Tables db) {
        db.jdbc().execute("SELECT pg_stat_clear_snapshot()");
        return db.jdbc().queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", Long.class);
    }
}
