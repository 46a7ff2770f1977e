package io.drover.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.testing.Drover;
import io.drover.testing.Tables;
import io.drover.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while `drover run` is in the middle of an inbox file: the file lands in error/ with a summary
 * that says it was interrupted, how many of its ids were done, and a file of the ids that were not,
 * which can be dropped into the inbox as it is.
 */
class InboxShutdownIT {

    static final int CUSTOMERS = 3000;

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Tables db;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("inbox_stop_src");
        target = TestDatabase.postgres("inbox_stop_tgt");
        db = new Tables(target.dataSource());
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void aFileCutShortBySigtermSaysSoAndListsTheIdsNotDone() throws Exception {
        // given: a sample of 3,000 customers and drover run with a short shutdown timeout
        Path inbox = dir.resolve("inbox");
        Drover drover = Drover.configure(dir.resolve("run"), source, target, Map.of("drover.sample.poll-initial-delay", "3600000",
                "drover.observe.port", String.valueOf(Drover.freePort()), "drover.sample.inbox", inbox.toString(),
                "camel.main.shutdown-timeout", "2"));
        assertThat(drover.run("sample", "init", "--customers=" + CUSTOMERS).exitCode()).isZero();
        Process process = drover.start(dir, "run", "run");
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.isDirectory(inbox));

        // when: a file of every id arrives, and SIGTERM comes after its first hundred items
        List<String> ids = IntStream.rangeClosed(1, CUSTOMERS).mapToObj(String::valueOf).toList();
        Files.writeString(inbox.resolve("all.ids.tmp"), "# every customer\n" + String.join("\n", ids) + "\n");
        Files.move(inbox.resolve("all.ids.tmp"), inbox.resolve("all.ids"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> db.count("SELECT count(*) FROM drover.migration_log") >= 100);
        process.destroy();
        assertThat(Drover.waitFor(process, 60)).isEqualTo(143);

        // then: the file is in error/ with a summary that names the interruption and counts what its log holds
        assertThat(inbox.resolve("error/all.ids")).exists();
        Path summaryFile = inbox.resolve("error/all.ids.summary.txt");
        assertThat(summaryFile).exists();
        String summary = Files.readString(summaryFile);
        Set<String> logged = db.rows("SELECT item_id FROM drover.migration_log").stream()
                .map(r -> (String) r.get("item_id")).collect(Collectors.toSet());
        int done = logged.size();
        assertThat(done).isBetween(100, CUSTOMERS - 1);
        assertThat(summary)
                .contains("interrupted: Drover stopped before the end of this file; " + done + " of its " + CUSTOMERS
                        + " ids were done, " + (CUSTOMERS - done) + " were not")
                .contains("items: " + done + ", migrated: "
                        + db.count("SELECT count(*) FROM drover.migration_log WHERE status = 'MIGRATED'") + ",")
                .contains("ids not done: all.ids.not-done.ids (move it into the inbox to migrate them)");

        // and the ids not done are exactly those without a log row, ready to be dropped into the inbox again
        List<String> notDone = Files.readAllLines(inbox.resolve("error/all.ids.not-done.ids")).stream()
                .filter(line -> !line.startsWith("#")).toList();
        assertThat(notDone).hasSize(CUSTOMERS - done).doesNotContainAnyElementsOf(logged);
        Set<String> all = new HashSet<>(logged);
        all.addAll(notDone);
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(db.count("SELECT count(*) FROM drover.migration_run WHERE status = 'RUNNING'")).isZero();
    }
}
