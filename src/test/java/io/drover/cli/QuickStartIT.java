package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start with the shipped config/application.properties and no database server:
 * Drover falls back to embedded H2 databases under ./data; verify works there too. Runs in a copy of the project layout, with
 * every DROVER_* variable removed from the environment.
 */
class QuickStartIT {

    @TempDir
    Path workdir;

    @Test
    void sampleMigrationRunsEndToEndOnTheEmbeddedDefault() throws Exception {
        copyProjectLayout();

        String init = drover(0, "sample", "init", "--customers=1300");

        assertThat(init).contains("Sample source ready: 1300 customers").contains("Seeded 3 deliberately bad items");

        String migrate = drover(1, "migrate", "customers", "--all");
        assertThat(migrate).contains("customers: 1300 items").contains("1297 migrated, 0 unchanged, 3 failed")
                .contains("250: Item 250 of migration 'customers' failed")
                // H2's error without the statement it quotes
                .contains("1250: Item 1250 of migration 'customers' failed and was rolled back, nothing of it was written:"
                        + " NULL not allowed for column \"street\" [23502-").doesNotContain("SQL statement");
        assertThat(workdir.resolve("data/target.mv.db")).exists();

        String again = drover(1, "migrate", "customers", "--all");
        assertThat(again).contains("0 migrated, 1297 unchanged, 3 failed");

        // and: Drover's tables are in their own schema of the H2 target too, none among the sample's tables
        try (java.sql.Connection h2 = java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + workdir.resolve("data/target") + ";DATABASE_TO_LOWER=TRUE", "sa", "");
             java.sql.ResultSet rs = h2.createStatement().executeQuery("SELECT"
                     + " (SELECT count(*) FROM drover.migration_log),"
                     + " (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'migration_log')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2 * 1300);
            assertThat(rs.getInt(2)).isZero();
        }

        // verify on the embedded default: every migrated item matches ...
        String verified = drover(0, "verify", "customers", "--item-id=5,6,7");
        assertThat(verified).contains("3 items checked").contains("3 match, 0 missing, 0 different, 0 extra, 0 errors")
                .containsPattern("Verification \\S+ MATCH\\.");

        // ... and a hand edit in the target is caught and named
        try (Connection target = DriverManager.getConnection("jdbc:h2:file:" + workdir.resolve("data/target")
                + ";DATABASE_TO_LOWER=TRUE", "sa", "")) {
            assertThat(target.createStatement().executeUpdate("UPDATE customer SET email = 'hand@edited.example' WHERE id = 6")).isEqualTo(1);
        }
        String edited = drover(1, "verify", "customers", "--item-id=5,6,7");
        assertThat(edited).contains("item 6: DIFFERENT").containsPattern("email: 'hand@edited.example' -> '[^']+@[^']+'")
                .contains("2 match, 0 missing, 1 different, 0 extra, 0 errors")
                .containsPattern("Verification \\S+ MISMATCH\\.");
    }

    @Test
    void theToursApiCommandSendsTheSampleToTheSampleServiceOnTheEmbeddedDefault() throws Exception {
        // given: the quick start's sample, and the README tour's command (its port moved off 8090 for the test)
        copyProjectLayout();
        drover(0, "sample", "init", "--customers=40");
        String port = String.valueOf(io.drover.testing.Drover.freePort());
        environment.put("DROVER_SAMPLE_SERVICE_PORT", port);
        try {
            // when
            String started = drover(0, "sample", "service");
            String migrated = drover(0, "migrate", "customers-api", "--all");
            String again = drover(0, "migrate", "customers-api", "--all");
            String verified = drover(0, "verify", "customers-api", "--item-id=5,6");

            // then: the service runs on its own, stores into an H2 file under ./data, and the migration reaches it
            assertThat(started).contains("Sample service started at http://127.0.0.1:" + port).contains("Stop it with: kill ");
            assertThat(workdir.resolve("data/service.mv.db")).exists();
            assertThat(migrated).contains("customers-api: 40 items").contains("40 migrated, 0 unchanged, 0 failed");
            assertThat(again).contains("0 migrated, 40 unchanged");
            assertThat(verified).contains("2 match, 0 missing, 0 different");
            assertThat(drover(0, "sample", "service")).contains("already answers at http://127.0.0.1:" + port);
        } finally {
            Path serviceLog = workdir.resolve("data/sample-service.log");
            String log = Files.exists(serviceLog) ? Files.readString(serviceLog) : "";
            java.util.regex.Matcher pid = java.util.regex.Pattern.compile("\\(pid (\\d+)\\)").matcher(log);
            if (pid.find()) {
                ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(ProcessHandle::destroy);
            }
        }
    }

    /** The project's configuration and routes, as a fresh clone has them. */
    private void copyProjectLayout() throws Exception {
        Files.createDirectories(workdir.resolve("config"));
        Files.copy(Path.of("config/application.properties"), workdir.resolve("config/application.properties"));
        try (var files = Files.walk(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Path copy = workdir.resolve(file.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** Variables set for the commands after every DROVER_* of this environment is removed. */
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    private String drover(int expectedExit, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.drover.Drover"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectOutput(workdir.resolve("out.txt").toFile()).redirectError(workdir.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DROVER_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(workdir.resolve("out.txt"));
        assertThat(process.exitValue()).as(out + Files.readString(workdir.resolve("err.txt"))).isEqualTo(expectedExit);
        return out;
    }
}
