package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An id the source does not have (a typo) is NOT_FOUND: said so once, never retried by --retry-failed,
 * counted apart from items that were migrated and have since left the source ("gone"), and forgotten
 * with `drover forget`.
 */
class MissingItemIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("missing_src");
        target = TestDatabase.postgres("missing_tgt");
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void aMistypedIdIsNotFoundNotRetriedAndForgotten() {
        Drover drover = Drover.configure(dir, source, target);
        Tables db = new Tables(target.dataSource());
        assertThat(drover.run("sample", "init", "--customers=40").exitCode()).isZero();

        // when: an id the source does not have is asked for
        Drover.Result typo = drover.run("migrate", "customers", "--item-id=999999");

        // then: one clear outcome, exit 1 (the run could not do what it was asked), and how to forget it
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(1);
        assertThat(typo.out()).as(typo.toString())
                .contains("customers: 1 item in ")
                .contains("0 migrated, 0 unchanged, 0 failed, 1 not in the source.")
                .contains("Not in the source (the item query has no row for it): 999999")
                .contains("To forget it: bin/drover forget customers --not-found")
                .doesNotContain("migrate customers --retry-failed");
        assertThat(db.rows("SELECT status, error FROM drover.migration_log WHERE item_id = '999999'")).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("NOT_FOUND");
            assertThat(row.get("error")).isEqualTo("Item 999999 of migration 'customers' is not in the source, nothing of it was"
                    + " written: column 'id' matches no row of the item query: the source has no such item (value: '999999')");
        });
        assertThat(db.rows("SELECT last_status FROM drover.item_state WHERE item_id = '999999'"))
                .singleElement().satisfies(row -> assertThat(row.get("last_status")).isEqualTo("NOT_FOUND"));

        // when: failures are retried
        Drover.Result retry = drover.run("migrate", "customers", "--retry-failed");

        // then: the missing id is not among them
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.out()).contains("customers: 0 items in ");
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id = '999999'")).isEqualTo(1);

        // given: an item that was migrated and has since left the source
        assertThat(drover.run("migrate", "customers", "--item-id=7").exitCode()).isZero();
        new Tables(source.dataSource()).jdbc().update("DELETE FROM addresses WHERE customer_id = 7");
        new Tables(source.dataSource()).jdbc().update("DELETE FROM customers WHERE id = 7");

        // then: status tells the two apart
        Drover.Result status = drover.run("status", "customers");
        assertThat(status.out()).as(status.toString())
                .contains("customers: 39 items in the source")
                .containsPattern("failed +0 ")
                .containsPattern("pending +39 ")
                .containsPattern("not found +1 +\\(asked for by id, never in the source; forget them with: bin/drover forget customers --not-found\\)")
                .containsPattern("gone +1 +\\(attempted before");

        // when: the missing id is forgotten, then the gone item
        Drover.Result forgetMissing = drover.run("forget", "customers", "--not-found");
        Drover.Result forgetGone = drover.run("forget", "customers", "--item-id=7");

        // then: neither is counted any more; the log keeps their history
        assertThat(forgetMissing.exitCode()).as(forgetMissing.toString()).isZero();
        assertThat(forgetMissing.out()).contains("customers: forgot 1 item not found in the source.");
        assertThat(forgetGone.out()).contains("customers: forgot 1 item; the next run treats it as never attempted");
        assertThat(drover.run("status", "customers").out()).doesNotContain("not found").doesNotContain("gone");
        assertThat(db.count("SELECT count(*) FROM drover.item_state WHERE item_id IN ('7', '999999')")).isZero();
        assertThat(db.count("SELECT count(*) FROM drover.migration_log WHERE item_id IN ('7', '999999')")).isEqualTo(2);
    }
}
