package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.testing.Drover;
import io.drover.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/drover, started from a user's own folder (its config/ only, not Drover's): it finds Drover's build
 * next to itself, passes JAVA_OPTS, exits with Java's code, and the hints Drover prints run as pasted.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("bin", "drover").toAbsolutePath();

    @TempDir
    static Path project;
    static TestDatabase source;
    static TestDatabase target;

    @BeforeAll
    static void createDatabases() {
        source = TestDatabase.postgres("launcher_src");
        target = TestDatabase.postgres("launcher_tgt");
    }

    @AfterAll
    static void dropDatabases() {
        source.close();
        target.close();
    }

    @Test
    void helpRunsFromAnyFolder() throws Exception {
        Drover.Result help = launch(project, Map.of(), LAUNCHER.toString(), "--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: drover").contains("migrate").contains("forget");
    }

    @Test
    void javaOptsReachTheJvmAndJavasExitCodeIsTheLaunchers() throws Exception {
        Drover.Result wrong = launch(project, Map.of("JAVA_OPTS", "-XshowSettings:properties -Xmx256m"), LAUNCHER.toString(), "no-such-command");

        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(2);
        assertThat(wrong.err()).contains("Property settings:").contains("Unmatched argument at index 0: 'no-such-command'");
    }

    @Test
    void listAndAPrintedHintRunFromTheUsersFolder() throws Exception {
        // given: a user's folder with its configuration, and the launcher named by a relative path from there
        Drover drover = Drover.configure(project.resolve("config"), source, target);
        assertThat(drover.run("sample", "init", "--customers=300").exitCode()).isZero();
        String launcher = project.relativize(LAUNCHER).toString();

        // when
        Drover.Result list = launch(project, Map.of(), launcher, "list");
        Drover.Result migrate = launch(project, Map.of(), launcher, "migrate", "customers", "--item-id=1,250");

        // then: the migrations are listed, and the hint names the launcher as it was typed
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("customers  plan=-  converter=customerConverter");
        assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(1); // 250 is a deliberately bad item
        String hint = migrate.out().lines().filter(line -> line.startsWith("Fix the source, then rerun only these items: "))
                .findFirst().orElseThrow(() -> new AssertionError(migrate.toString()))
                .substring("Fix the source, then rerun only these items: ".length());
        assertThat(hint).isEqualTo(launcher + " migrate customers --retry-failed");

        // when: the hint is pasted into a shell in the same folder
        Drover.Result pasted = launch(project, Map.of(), "bash", "-c", hint);

        // then: it runs, and retries the one failed item
        assertThat(pasted.exitCode()).as(pasted.toString()).isEqualTo(1);
        assertThat(pasted.out()).contains("customers: 1 item in ").contains("0 migrated, 0 unchanged, 1 failed");
    }

    private static Drover.Result launch(Path dir, Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        int exit = Drover.waitFor(builder.start(), 120);
        return new Drover.Result(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
