package io.drover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A development broker of a test's own, through scripts/kafka.sh on ports nobody uses (the broker's and the
 * controller's, the next one), for tests that stop and start it: the shared broker on 9092 serves the other
 * tests. It shares the script's cache of Kafka's jars; its data goes when the test closes it.
 */
public final class KafkaBroker implements AutoCloseable {

    private final int port;

    private KafkaBroker(int port) {
        this.port = port;
    }

    /** Starts a broker on two free neighbouring ports; returns once it answers. */
    public static KafkaBroker start() {
        KafkaBroker broker = new KafkaBroker(freePortPair());
        broker.script("start");
        return broker;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Stops it as an operator does (SIGTERM): its data stays for the next start. */
    public void stop() {
        script("stop");
    }

    /** Starts it again on the same ports and data; returns once it answers. */
    public void restart() {
        script("start");
    }

    @Override
    public void close() throws IOException {
        stop();
        Path node = home().resolve("node-" + port);
        if (Files.isDirectory(node)) {
            try (var files = Files.walk(node)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Where scripts/kafka.sh keeps its jars and each port's node: DROVER_KAFKA_HOME, else its default. */
    private static Path home() {
        String home = System.getenv("DROVER_KAFKA_HOME");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".cache", "drover-kafka");
    }

    private void script(String command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(Path.of("scripts", "kafka.sh").toAbsolutePath().toString(), command)
                    .redirectErrorStream(true);
            builder.environment().put("KAFKA_PORT", String.valueOf(port));
            builder.environment().remove("KAFKA_CONTROLLER_PORT");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/kafka.sh " + command + " on port " + port + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = Drover.freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // the controller's port is in use: another pair
            }
        }
        throw new IllegalStateException("no two free neighbouring ports for a Kafka broker");
    }
}
