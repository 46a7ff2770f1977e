package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `drover status`, and the progress of `drover migrate --all`: a bar on a terminal, log lines otherwise. */
class StatusAndProgressIT {

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static Drover drover;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("status_src");
        target = TestDatabase.postgres("status_tgt");
        drover = Drover.configure(dir, source, target, Map.of("drover.progress.interval-seconds", "1"));
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void statusCountsMigratedFailedAndPendingItems() {
        assertThat(drover.run("sample", "init", "--customers=300").exitCode()).isZero();
        // 999999 is no item of the source: it is NOT_FOUND, neither failed nor gone
        drover.run("migrate", "customers", "--item-id=1,2,250,999999");

        Drover.Result status = drover.run("status", "customers");

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("customers: 300 items in the source")
                .containsPattern("migrated +2 ").containsPattern("failed +1 ").containsPattern("rejected +0 ")
                .containsPattern("pending +297 ").containsPattern("not found +1 ").doesNotContain("gone")
                .containsPattern("Latest run [0-9a-f-]+: FAILED, .*: 2 migrated, 0 unchanged, 1 failed, 0 rejected, 1 not found");
    }

    @Test
    void withoutATerminalProgressIsALogLineAtAFixedInterval() {
        assertThat(drover.run("sample", "init", "--customers=1300").exitCode()).isZero();

        Drover.Result run = drover.run("migrate", "customers", "--all");

        assertThat(run.out()).containsPattern("progress customers: \\d+/1300 items \\(\\d+%\\), [0-9.]+ items/s");
        assertThat(run.out()).doesNotContain("\r");
    }

    @Test
    void onATerminalProgressIsABar() throws Exception {
        assertThat(drover.run("sample", "init", "--customers=600").exitCode()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", java, "-cp", System.getProperty("java.class.path"), "io.drover.Drover",
                "migrate", "customers", "--all", "--config=" + drover.config());
        Path typescript = dir.resolve("terminal.txt");
        // script(1) runs the command on a pseudo-terminal, as a user's shell would
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-q", "-e", "-c", command, typescript.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("script.out").toFile());
        builder.environment().put("TERM", "xterm");
        builder.environment().put("COLUMNS", "120");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();

        String screen = Files.readString(typescript, StandardCharsets.ISO_8859_1);
        assertThat(screen).contains("customers").containsPattern("\\d+%").contains("600/600").contains("items/s")
                .contains("\r").contains("599 migrated, 0 unchanged, 1 failed");
    }
}
