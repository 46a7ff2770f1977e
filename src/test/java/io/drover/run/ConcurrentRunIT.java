package io.drover.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two `migrate --all` processes of one migration started at once: one runs, the other is refused, nothing is corrupted. */
class ConcurrentRunIT {

    private static final int CUSTOMERS = 1300;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("concurrent_src");
        target = TestDatabase.postgres("concurrent_tgt");
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void twoRunsAtOnceGiveOneRunAndOneClearRefusal() throws Exception {
        Drover drover = Drover.configure(dir, source, target);
        Tables db = new Tables(target.dataSource());
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();

        // when
        Process first = drover.start(dir, "first", "migrate", "customers", "--all");
        Process second = drover.start(dir, "second", "migrate", "customers", "--all");
        int firstExit = Drover.waitFor(first, 120);
        int secondExit = Drover.waitFor(second, 120);

        // then: one run migrated (exit 1: the three bad items), the other refused before touching anything (exit 2)
        assertThat(new int[] {firstExit, secondExit}).containsExactlyInAnyOrder(1, 2);
        String refused = Files.readString(dir.resolve(firstExit == 2 ? "first.err" : "second.err"));
        assertThat(refused).contains("migration 'customers' is already running (run ").contains("touched nothing");
        assertThat(db.rows("SELECT status FROM drover.migration_run")).extracting(r -> r.get("status")).containsExactly("FAILED");
        assertThat(db.count("SELECT count(*) FROM customer")).isEqualTo(CUSTOMERS - 3);
        assertThat(db.count("SELECT count(*) FROM drover.migration_log")).isEqualTo(CUSTOMERS);
        assertThat(db.count("SELECT count(*) FROM drover.item_state")).isEqualTo(CUSTOMERS);

        // and: the lock is free again, and a further run finds everything in place
        Drover.Result third = drover.run("migrate", "customers", "--all");
        assertThat(third.out()).contains("0 migrated, " + (CUSTOMERS - 3) + " unchanged, 3 failed");
    }
}
