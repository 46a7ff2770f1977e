package io.drover.testing;

import io.drover.cli.DroverCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Drover's command line against a test configuration: in this JVM (fast) or as a separate
 * process (for signals and concurrent runs). The configuration file points at the test's databases
 * and at the project's real routes.
 */
public final class Drover {

    private final Path config;

    public Drover(Path config) {
        this.config = config;
    }

    /** The output and exit code of one command. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    /** A configuration with the given source and target, four workers and small pages. */
    public static Drover configure(Path dir, String sourceUrl, String sourceUser, String sourcePassword,
                                   String targetUrl, String targetUser, String targetPassword,
                                   Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("drover.source.url", sourceUrl);
        properties.put("drover.source.username", sourceUser);
        properties.put("drover.source.password", sourcePassword);
        properties.put("drover.target.url", targetUrl);
        properties.put("drover.target.username", targetUser);
        properties.put("drover.target.password", targetPassword);
        properties.put("drover.workers", "4");
        properties.put("drover.queue.size", "100");
        properties.put("drover.page-size", "100");
        properties.put("drover.queue.uri", "seda:drover-items?concurrentConsumers={{drover.workers}}&size={{drover.queue.size}}&blockWhenFull=true");
        properties.put("drover.bulk.queue.uri", "seda:drover-chunks?concurrentConsumers={{drover.workers}}&size=4&blockWhenFull=true");
        properties.put("drover.triggers.enabled", "true");
        properties.put("drover.sample.inbox", dir.resolve("inbox").toString());
        properties.put("camel.main.name", "drover-test");
        properties.put("camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/**/*.camel.yaml");
        properties.put("camel.main.shutdown-timeout", "20");
        properties.putAll(extra);
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append(" = ").append(v.replace("\\", "\\\\")).append('\n'));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("application.properties");
            Files.writeString(file, text);
            return new Drover(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Drover configure(Path dir, TestDatabase source, TestDatabase target) {
        return configure(dir, source, target, Map.of());
    }

    public static Drover configure(Path dir, TestDatabase source, TestDatabase target, Map<String, String> extra) {
        return configure(dir, source.url(), source.user(), source.password(), target.url(), target.user(), target.password(), extra);
    }

    /**
     * A configuration whose routes are Drover's own plus one migration written from {@code yaml}, instead
     * of the sample's: for tests that declare a migration of their own.
     */
    public static Drover withMigration(Path dir, TestDatabase source, TestDatabase target, String yaml) {
        return withMigration(dir, source, target, yaml, Map.of());
    }

    /** The same, with more properties. */
    public static Drover withMigration(Path dir, TestDatabase source, TestDatabase target, String yaml, Map<String, String> properties) {
        try {
            Path routes = Files.createDirectories(dir.resolve("routes"));
            Files.writeString(routes.resolve("migration.camel.yaml"), yaml);
            Map<String, String> all = new java.util.HashMap<>(properties);
            all.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
            return configure(dir.resolve("config"), source, target, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path config() {
        return config;
    }

    /** Runs a command in this JVM. */
    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--config=" + config);
        int code = DroverCommand.execute(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts a command as a separate Java process with this JVM's class path; its output goes to files in dir. */
    public Process start(Path dir, String name, String... args) {
        return start(dir, name, List.of(), args);
    }

    /** The same, with options for the JVM (e.g. -Dlogback.configurationFile=…, a logging set-up of an embedding application). */
    public Process start(Path dir, String name, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.drover.Drover"));
        command.add(args[0]);
        command.add("--config=" + config);
        command.addAll(List.of(args).subList(1, args.length));
        try {
            return new ProcessBuilder(command)
                    .redirectOutput(dir.resolve(name + ".out").toFile())
                    .redirectError(dir.resolve(name + ".err").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port nobody listens on right now, for a test's HTTP server (drover.observe.port). */
    public static int freePort() {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int waitFor(Process process, int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("process did not end within " + seconds + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
