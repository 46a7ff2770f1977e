package io.drover.run;

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
 * SIGTERM in the middle of `migrate --all`: every committed item keeps its log row, the run is recorded
 * as INTERRUPTED, and a rerun ends in exactly the state of an uninterrupted run.
 */
class ShutdownIT {

    private static final int CUSTOMERS = 3000; // bad items: 250, 750, 1250, 1750, 2250, 2750

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static TestDatabase reference;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("sigterm_src");
        target = TestDatabase.postgres("sigterm_tgt");
        reference = TestDatabase.postgres("sigterm_ref");
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
        reference.close();
    }

    @Test
    void sigtermMidRunLosesNoLogRowAndARerunConverges() throws Exception {
        Drover drover = Drover.configure(dir.resolve("run"), source, target);
        Tables db = new Tables(target.dataSource());
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();

        // when: the process gets SIGTERM once a few hundred items are committed
        Process process = drover.start(dir, "interrupted", "migrate", "customers", "--all", "--workers=2");
        long deadline = System.currentTimeMillis() + 120_000;
        while (migrated(db) < 300 && System.currentTimeMillis() < deadline && process.isAlive()) {
            Thread.sleep(50);
        }
        process.destroy(); // SIGTERM
        int exit = Drover.waitFor(process, 60);

        // then: the run stopped part way, and no committed item lacks its log row
        assertThat(exit).isNotZero();
        int committed = db.count("SELECT count(*) FROM customer");
        assertThat(committed).isBetween(300, CUSTOMERS - 7);
        assertThat(db.count("SELECT count(*) FROM customer c WHERE NOT EXISTS (SELECT 1 FROM drover.migration_log l"
                + " WHERE l.migration = 'customers' AND l.item_id = CAST(c.id AS text) AND l.status = 'MIGRATED')")).isZero();
        assertThat(db.rows("SELECT status, migrated FROM drover.migration_run")).singleElement().satisfies(run -> {
            assertThat(run.get("status")).isEqualTo("INTERRUPTED");
            assertThat(((Number) run.get("migrated")).intValue()).isEqualTo(committed);
        });

        // when: the migration is run again
        Drover.Result rerun = drover.run("migrate", "customers", "--all");

        // then: it finishes the rest, and the target equals that of an uninterrupted run
        assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(1); // the six deliberately bad items
        assertThat(rerun.out()).contains((CUSTOMERS - 6 - committed) + " migrated, " + committed + " unchanged, 6 failed");
        io.drover.sample.SampleData.createTarget(reference.dataSource());
        Drover uninterrupted = Drover.configure(dir.resolve("reference"), source, reference);
        assertThat(uninterrupted.run("migrate", "customers", "--all").exitCode()).isEqualTo(1);
        Tables ref = new Tables(reference.dataSource());
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(CUSTOMERS - 6);
        assertThat(db.checksum("customer")).isEqualTo(ref.checksum("customer"));
        assertThat(db.checksum("customer_address")).isEqualTo(ref.checksum("customer_address"));
    }

    private static int migrated(Tables db) {
        try {
            return db.count("SELECT count(*) FROM drover.migration_log WHERE status = 'MIGRATED'");
        } catch (RuntimeException tablesNotCreatedYet) {
            return 0;
        }
    }
}
