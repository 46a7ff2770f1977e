package io.drover.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk mode loads a page of items for any item query that returns its key, renamed or not (a legacy
 * schema's {@code GenreId} read as {@code genre_id}); a query that truly cannot be loaded by pages is
 * refused at the start with the reason, never run item by item behind a warning.
 */
class BulkPageQueriesIT {

    private static final int GENRES = 40;

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    @Test
    void aRenamedKeyColumnStillLoadsPagesAndWritesEveryItem() throws Exception {
        Drover drover = legacyGenres("pages_renamed", "SELECT GenreId AS genre_id, Name AS name FROM Genre WHERE GenreId = :#id",
                "SELECT TrackId AS track_id, GenreId AS genre_id, Name AS name FROM Track WHERE GenreId = :#id ORDER BY TrackId");

        // when: in a process of its own, so that its log is the command line's
        Process process = drover.start(dir, "bulk", "migrate", "genres", "--all", "--bulk", "--chunk-size=16");

        // then: every item written by pages, none sent item by item
        assertThat(Drover.waitFor(process, 120)).isZero();
        assertThat(Files.readString(dir.resolve("bulk.out"))).contains(GENRES + " migrated, 0 unchanged, 0 failed");
        assertThat(Files.readString(dir.resolve("bulk.err"))).doesNotContain("item by item");
        Tables db = new Tables(target.dataSource());
        assertThat(db.rows("SELECT genre_id, name FROM genre WHERE genre_id IN (1, 40) ORDER BY genre_id")).containsExactly(
                Map.of("genre_id", 1, "name", "Genre 1"), Map.of("genre_id", 40, "name", "Genre 40"));
        assertThat(db.count("SELECT count(*) FROM track")).isEqualTo(GENRES * 2);
        assertThat(db.rows("SELECT track_id, genre_id, name FROM track WHERE genre_id = 7 ORDER BY track_id")).containsExactly(
                Map.of("track_id", 13, "genre_id", 7, "name", "Track 13"), Map.of("track_id", 14, "genre_id", 7, "name", "Track 14"));

        // and: a rerun by pages finds nothing to do, and per-item mode agrees
        Drover.Result rerun = drover.run("migrate", "genres", "--all", "--bulk", "--chunk-size=16");
        assertThat(rerun.out()).as(rerun.toString()).contains("0 migrated, " + GENRES + " unchanged, 0 failed");
        Drover.Result perItem = drover.run("migrate", "genres", "--all");
        assertThat(perItem.out()).as(perItem.toString()).contains("0 migrated, " + GENRES + " unchanged, 0 failed");
    }

    @Test
    void aQueryThatCannotLoadPagesIsRefusedBeforeAnyItem() {
        // a WITH query that does not return its key under the key's name: Drover cannot tell the rows' items apart
        Drover drover = legacyGenres("pages_refused",
                "WITH g AS (SELECT GenreId, Name FROM Genre) SELECT GenreId AS genre_id, Name AS name FROM g WHERE GenreId = :#id",
                "SELECT TrackId AS track_id, GenreId AS genre_id, Name AS name FROM Track WHERE GenreId = :#id ORDER BY TrackId");

        // when
        Drover.Result run = drover.run("migrate", "genres", "--all", "--bulk");

        // then
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("migration 'genres': bulk mode loads a page of items per query, but its item query"
                + " does not start with SELECT and does not return its key column 'genreid'; select it, or drop --bulk");
        assertThat(new Tables(target.dataSource()).count("SELECT count(*) FROM genre")).isZero();

        // and: item by item, the same migration runs
        Drover.Result perItem = drover.run("migrate", "genres", "--all");
        assertThat(perItem.out()).as(perItem.toString()).contains(GENRES + " migrated, 0 unchanged, 0 failed");
    }

    /** A MariaDB source in a legacy naming style (CamelCase keys) and a PostgreSQL target in snake case. */
    private Drover legacyGenres(String name, String itemQuery, String trackQuery) {
        source = TestDatabase.mariadb(name + "_src");
        target = TestDatabase.postgres(name + "_tgt");
        Tables legacy = new Tables(source.dataSource());
        legacy.jdbc().execute("CREATE TABLE Genre (GenreId INT PRIMARY KEY, Name VARCHAR(120))");
        legacy.jdbc().execute("CREATE TABLE Track (TrackId INT PRIMARY KEY, GenreId INT, Name VARCHAR(200))");
        for (int genre = 1; genre <= GENRES; genre++) {
            legacy.jdbc().update("INSERT INTO Genre VALUES (?, ?)", genre, "Genre " + genre);
            for (int track = genre * 2 - 1; track <= genre * 2; track++) {
                legacy.jdbc().update("INSERT INTO Track VALUES (?, ?, ?)", track, genre, "Track " + track);
            }
        }
        Tables db = new Tables(target.dataSource());
        db.jdbc().execute("CREATE TABLE genre (genre_id integer PRIMARY KEY, name text)");
        db.jdbc().execute("CREATE TABLE track (track_id integer PRIMARY KEY, genre_id integer REFERENCES genre, name text)");
        return Drover.withMigration(dir, source, target, """
                - templatedRoute:
                    routeTemplateRef: drover-migrate-item
                    routeId: migrate-genres
                    parameters:
                      - name: migration
                        value: genres
                      - name: idQuery
                        value: SELECT GenreId AS genre_id FROM Genre
                      - name: idColumn
                        value: genre_id
                      - name: itemQuery
                        value: "%s"
                      - name: childQueries
                        value: |
                          tracks: %s
                      - name: targets
                        value: |
                          genre key genre_id
                          track key track_id owner genre_id
                      - name: mapping
                        value: |
                          genre: auto
                          track from tracks: auto
                """.formatted(itemQuery, trackQuery));
    }
}
