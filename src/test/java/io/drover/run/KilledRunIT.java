package io.drover.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of `migrate --all`: while the process lives, its heartbeat keeps its run RUNNING;
 * once it is gone, `status` says so and records the run INTERRUPTED with the counts of its log, which
 * `report --run` then shows in its header.
 */
class KilledRunIT {

    private static final int CUSTOMERS = 8000;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("killed_src");
        target = TestDatabase.postgres("killed_tgt");
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void aKilledRunIsShownGoneAndKeepsTheCountsOfItsLog() throws Exception {
        // given: heartbeats every second, a run silent for 3 s counts as gone
        Drover drover = Drover.configure(dir.resolve("run"), source, target,
                Map.of("drover.run.heartbeat-seconds", "1", "drover.run.unresponsive-after-seconds", "3"));
        Tables db = new Tables(target.dataSource());
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();

        // when: a separate process migrates, and its run outlives the silence threshold
        Process process = drover.start(dir, "killed", "migrate", "customers", "--all", "--workers=2");
        long deadline = System.currentTimeMillis() + 120_000;
        while (heartbeatAge(db) < 4 && System.currentTimeMillis() < deadline && process.isAlive()) {
            Thread.sleep(100);
        }
        Drover.Result whileAlive = drover.run("status", "customers");

        // then: the living run is RUNNING, its heartbeat recent, whatever its age
        assertThat(process.isAlive()).as("the run must still be going; make CUSTOMERS larger").isTrue();
        assertThat(whileAlive.out()).as(whileAlive.toString()).contains(": RUNNING (last heartbeat").doesNotContain("stopped responding");

        // when: the process is killed outright (SIGKILL: no hook records anything) once items are logged
        while (logged(db) < 300 && System.currentTimeMillis() < deadline && process.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(process.isAlive()).isTrue();
        process.destroyForcibly();
        Drover.waitFor(process, 60);
        String runId = db.latestRunId("customers");
        assertThat(db.rows("SELECT status FROM drover.migration_run WHERE run_id = CAST(? AS uuid)", runId))
                .singleElement().satisfies(row -> assertThat(row.get("status")).isEqualTo("RUNNING"));

        // then: once its heartbeat is older than the threshold, status shows the run gone and records it
        Drover.Result status = drover.run("status", "customers");
        while (!status.out().contains("stopped responding") && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            status = drover.run("status", "customers");
        }
        int migrated = db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) AND status = 'MIGRATED'", runId);
        int failed = db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid) AND status = 'FAILED'", runId);
        int logged = db.count("SELECT count(*) FROM drover.migration_log WHERE run_id = CAST(? AS uuid)", runId);
        assertThat(migrated).isGreaterThanOrEqualTo(300);
        assertThat(status.out()).as(status.toString())
                .contains("Run " + runId + " stopped responding at")
                .contains("Latest run " + runId + ": INTERRUPTED")
                .contains(": " + migrated + " migrated, 0 unchanged, " + failed + " failed, 0 rejected");
        assertThat(db.rows("SELECT status, items_total, migrated, failed, finished_at FROM drover.migration_run"
                + " WHERE run_id = CAST(? AS uuid)", runId)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("INTERRUPTED");
            assertThat(((Number) row.get("items_total")).intValue()).isEqualTo(logged);
            assertThat(((Number) row.get("migrated")).intValue()).isEqualTo(migrated);
            assertThat(((Number) row.get("failed")).intValue()).isEqualTo(failed);
            assertThat(row.get("finished_at")).isNotNull();
        });

        // and: the report's header counts what its body counts
        Drover.Result report = drover.run("report", "--run=" + runId);
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).as(report.toString())
                .contains("run " + runId + ": INTERRUPTED, " + logged + " items,")
                .containsPattern("MIGRATED\\s+" + migrated + "\\n");
    }

    /** Seconds between the start of the latest run and its latest heartbeat; 0 before it has one. */
    private static double heartbeatAge(Tables db) {
        try {
            return db.rows("SELECT EXTRACT(EPOCH FROM (heartbeat_at - started_at)) AS age FROM drover.migration_run")
                    .stream().mapToDouble(row -> ((Number) row.get("age")).doubleValue()).max().orElse(0);
        } catch (RuntimeException tablesNotCreatedYet) {
            return 0;
        }
    }

    private static int logged(Tables db) {
        return db.count("SELECT count(*) FROM drover.migration_log WHERE status = 'MIGRATED'");
    }
}
