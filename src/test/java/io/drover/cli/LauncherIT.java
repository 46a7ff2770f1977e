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

    @Test
    void withTheArchiveWithoutItAndWithOneThatDoesNotMatchTheLauncherRunsAlike() throws Exception {
        // given: a build of Drover (bin/, target/drover.jar, target/lib) with the archive `mvn package` makes
        Path home = build(project.resolve("home"));
        Path launcher = home.resolve("bin/drover");
        Drover.configure(project.resolve("config"), source, target);
        Path archive = home.resolve("target/drover.jsa");
        Process training = new ProcessBuilder("bash", home.resolve("src/build/cds-archive.sh").toString(), home.toString())
                .inheritIO().start();
        assertThat(Drover.waitFor(training, 300)).isZero();
        assertThat(archive).isNotEmptyFile();

        // when: with the archive
        Path classes = project.resolve("classes.log");
        Drover.Result shared = launch(project, Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), launcher.toString(), "list");

        // then: it lists, and Drover's classes came from the archive
        assertThat(shared.exitCode()).as(shared.toString()).isZero();
        assertThat(shared.out()).contains("customers  plan=-  converter=customerConverter");
        assertThat(shared.err()).isEmpty();
        assertThat(Files.readAllLines(classes)).anyMatch(line -> line.contains("io.drover.cli.ListCommand source: shared objects file"));

        // when: with an archive of another jar (the jar rebuilt: its time differs), a file that is no archive, none
        Path jar = home.resolve("target/drover.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Drover.Result otherJar = launch(project, Map.of(), launcher.toString(), "list");
        Files.delete(archive);
        Files.write(archive, new byte[] {1, 2, 3});
        Drover.Result noArchive = launch(project, Map.of(), launcher.toString(), "list");
        Files.delete(archive);
        Drover.Result none = launch(project, Map.of(), launcher.toString(), "list");

        // then: the same output, nothing on stderr
        for (Drover.Result result : List.of(otherJar, noArchive, none)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo(shared.out());
            assertThat(result.err()).as(result.toString()).isEmpty();
        }
    }

    /** A build of Drover in home: the launcher, its archive script, the routes and configuration, the jar of target/classes and target/lib. */
    private static Path build(Path home) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("src/build"));
        Files.createDirectories(home.resolve("target"));
        Files.copy(LAUNCHER, home.resolve("bin/drover"));
        Files.copy(Path.of("src/build/cds-archive.sh"), home.resolve("src/build/cds-archive.sh"));
        Files.createSymbolicLink(home.resolve("target/lib"), Path.of("target/lib").toAbsolutePath());
        Files.createSymbolicLink(home.resolve("routes"), Path.of("routes").toAbsolutePath());
        Files.createSymbolicLink(home.resolve("config"), Path.of("config").toAbsolutePath());
        Process jar = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "--create",
                "--file", home.resolve("target/drover.jar").toString(), "-C", Path.of("target/classes").toString(), ".")
                .inheritIO().start();
        assertThat(Drover.waitFor(jar, 120)).isZero();
        return home;
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
