package io.drover.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `drover migrate --plan`: four tables with foreign keys, declared children first, loaded parents first in
 * one process, each migration its own run; one summary and one exit code; the sequences of serial,
 * identity and nextval-default keys set past the migrated ids. PostgreSQL to PostgreSQL.
 */
class PlanIT {

    @TempDir
    Path dir;
    TestDatabase source;
    TestDatabase target;
    Tables db;
    Tables legacy;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.postgres("plan_src");
        target = TestDatabase.postgres("plan_tgt");
        legacy = new Tables(source.dataSource());
        db = new Tables(target.dataSource());
        LibraryPlan.create(legacy, db);
    }

    @AfterEach
    void dropDatabases() {
        TestDatabase.closeAll(source, target);
    }

    private Drover drover(Map<String, String> properties) {
        return Drover.withMigration(dir, source, target, LibraryPlan.YAML, properties);
    }

    @Test
    void aPlanLoadsEveryTableParentsFirstInOneProcessAndSetsTheSequences() {
        Drover drover = drover(Map.of());

        // when
        Drover.Result result = drover.run("migrate", "--plan=library", "--all");

        // then: every row, one run per migration, started parents first, by one command
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(db.count("SELECT count(*) FROM author")).isEqualTo(5);
        assertThat(db.count("SELECT count(*) FROM publisher")).isEqualTo(7);
        assertThat(db.count("SELECT count(*) FROM book")).isEqualTo(8);
        assertThat(db.count("SELECT count(*) FROM review")).isEqualTo(12);
        assertThat(db.jdbc().queryForList("SELECT migration FROM drover.migration_run ORDER BY started_at", String.class))
                .containsExactly("authors", "publishers", "books", "reviews");
        assertThat(db.jdbc().queryForList("SELECT DISTINCT arguments FROM drover.migration_run", String.class))
                .containsExactly("migrate --plan=library --all");
        assertThat(result.out()).contains("Plan library: 4 migrations, parents first: authors, publishers, books, reviews")
                .contains("books                    8 migrated, 0 unchanged, 0 failed, 0 rejected")
                .contains("total                    32 migrated, 0 unchanged, 0 failed, 0 rejected")
                .contains("author_id_seq (author.id) set to 50")
                .contains("publisher_id_seq (publisher.id) set to 7")
                .contains("book_number (book.id) set to 108")
                .contains("review_id_seq (review.id) set to 12")
                .contains("Plan library SUCCEEDED.");

        // when: nothing changed (in bulk mode this time)
        Drover.Result again = drover.run("migrate", "--plan=library", "--all", "--bulk");

        // then: every item unchanged, the sequences left where they are
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("total                    0 migrated, 32 unchanged, 0 failed, 0 rejected")
                .contains("author_id_seq (author.id) left at 50");
        assertThat(db.count("SELECT count(*) FROM drover.migration_run")).isEqualTo(8);

        // then: what the application inserts next takes the next free id
        assertThat(db.count("INSERT INTO author (name) VALUES ('new') RETURNING id")).isEqualTo(51);
        assertThat(db.count("INSERT INTO publisher (name) VALUES ('new') RETURNING id")).isEqualTo(8);
        assertThat(db.count("INSERT INTO book (title, author_id, publisher_id) VALUES ('new', 10, 1) RETURNING id")).isEqualTo(109);
        assertThat(db.count("INSERT INTO review (book_id) VALUES (101) RETURNING id")).isEqualTo(13);
    }

    @Test
    void aBadItemFailsAloneItsChildrenFailOnTheirKeyAndThePlanGoesOn() {
        // given: book 105 has no title, which the target requires; reviews 4 and 12 are of book 105
        legacy.jdbc().update("UPDATE books SET title = NULL WHERE id = 105");

        // when
        Drover.Result result = drover(Map.of()).run("migrate", "--plan=library", "--all");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM book")).isEqualTo(7);
        assertThat(db.count("SELECT count(*) FROM review")).isEqualTo(10);
        assertThat(db.statuses(db.latestRunId("books"))).containsEntry("105", "FAILED");
        assertThat(db.statuses(db.latestRunId("reviews"))).containsEntry("4", "FAILED").containsEntry("12", "FAILED");
        assertThat(result.out()).contains("books                    7 migrated, 0 unchanged, 1 failed, 0 rejected")
                .contains("reviews                  10 migrated, 0 unchanged, 2 failed, 0 rejected")
                .contains("total                    29 migrated, 0 unchanged, 3 failed, 0 rejected")
                .containsPattern("105: Item 105 of migration 'books' failed.*title")
                .containsPattern("4: Item 4 of migration 'reviews' failed.*book")
                .contains("drover migrate --plan=library --retry-failed")
                .contains("Plan library FAILED.");

        // when: the source is fixed and only the failed items are taken again
        legacy.jdbc().update("UPDATE books SET title = 'Book 5' WHERE id = 105");
        Drover.Result retry = drover(Map.of()).run("migrate", "--plan=library", "--retry-failed");

        // then
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.out()).contains("total                    3 migrated, 0 unchanged, 0 failed, 0 rejected");
        assertThat(db.count("SELECT count(*) FROM review")).isEqualTo(12);
    }

    @Test
    void sequencesKeepLeavesTheSequencesAlone() {
        // when
        Drover.Result result = drover(Map.of("drover.sequences", "keep")).run("migrate", "--plan=library", "--all");

        // then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).doesNotContain("Sequences:");
        assertThat(db.rows("SELECT last_value, is_called FROM author_id_seq")).containsExactly(Map.of("last_value", 1L, "is_called", false));
        assertThat(db.rows("SELECT last_value, is_called FROM book_number")).containsExactly(Map.of("last_value", 1L, "is_called", false));
    }

    @Test
    void aSequenceThatCannotReachTheMaximumIsReportedAndFailsThePlan() {
        // given: book_number stops at 100, below the migrated ids 101..108
        db.jdbc().execute("ALTER SEQUENCE book_number MAXVALUE 100");

        // when
        Drover.Result result = drover(Map.of()).run("migrate", "--plan=library", "--all");

        // then: every item is in, the other sequences are set, this one is named with the database's reason
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM book")).isEqualTo(8);
        assertThat(result.out()).contains("author_id_seq (author.id) set to 50")
                .containsPattern("book_number \\(book.id\\) could not be set: .*108.*out of bounds")
                .contains("Plan library FAILED.");
    }

    @Test
    void aMigrationOfAPlanRunAloneSetsItsSequencesTooButADryRunDoesNot() {
        Drover drover = drover(Map.of());

        Drover.Result dryRun = drover.run("migrate", "authors", "--all", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).doesNotContain("Sequences:");

        Drover.Result result = drover.run("migrate", "authors", "--all");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("author_id_seq (author.id) set to 50");
        assertThat(db.count("SELECT nextval('author_id_seq')")).isEqualTo(51);
        // a sequence that is already further is never moved back
        db.jdbc().execute("SELECT setval('author_id_seq', 90)");
        assertThat(drover.run("migrate", "authors", "--all").out()).contains("author_id_seq (author.id) left at 90");
        assertThat(db.count("SELECT nextval('author_id_seq')")).isEqualTo(91);
    }

    @Test
    void verifyStatusReportAndListSpeakOfEveryMigrationOfThePlan() {
        Drover drover = drover(Map.of());
        assertThat(drover.run("migrate", "--plan=library", "--all").exitCode()).isZero();

        Drover.Result verify = drover.run("verify", "--plan=library");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("Verifying authors").contains("Verifying reviews")
                .contains("Plan library: 4 migrations verified, 0 mismatches");

        db.jdbc().update("UPDATE review SET stars = 9 WHERE id = 3");
        Drover.Result mismatch = drover.run("verify", "--plan=library");
        assertThat(mismatch.exitCode()).as(mismatch.toString()).isEqualTo(1);
        assertThat(mismatch.out()).contains("Plan library: 4 migrations verified, 1 mismatches");

        Drover.Result status = drover.run("status", "--plan=library");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("authors: 5 items in the source").contains("publishers: 7 items in the source")
                .contains("books: 8 items in the source").contains("reviews: 12 items in the source");

        Drover.Result report = drover.run("report", "--plan=library");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("authors, run").contains("reviews, run");

        Drover.Result list = drover.run("list");
        assertThat(list.out()).contains("books  plan=library  converter=bookCopy");
    }

    @Test
    void badUsageIsRefusedBeforeAnyItem() {
        Drover drover = drover(Map.of());

        for (List<String> args : List.of(List.of("migrate", "--plan=library", "--item-id=101"),
                List.of("migrate", "books", "--plan=library", "--all"), List.of("migrate", "--all"),
                List.of("migrate", "--plan=nosuch", "--all"), List.of("verify", "--plan=library", "--item-id=101"),
                List.of("status"), List.of("report", "--plan=library", "--html=x.html"))) {
            Drover.Result result = drover.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(args + ": " + result).isEqualTo(2);
            assertThat(result.err()).as(args.toString()).startsWith("drover: ");
        }
        assertThat(drover.run("migrate", "--plan=nosuch", "--all").err()).contains("known plans: [library]");
        Drover.Result badSetting = drover(Map.of("drover.sequences", "reset")).run("migrate", "--plan=library", "--all");
        assertThat(badSetting.exitCode()).isEqualTo(2);
        assertThat(badSetting.err()).contains("drover.sequences is 'reset'; use advance");
        assertThat(db.count("SELECT count(*) FROM drover.migration_run")).isZero();
        assertThat(db.count("SELECT count(*) FROM author")).isZero();
    }
}
