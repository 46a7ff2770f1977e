package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.config.DataSources;
import io.drover.config.DroverSettings;
import io.drover.sample.SampleService;
import io.drover.sample.SampleServiceStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * `drover sample service`: starts the sample's target service (the API the migration customers-api sends the
 * sample's customers to) in a process of its own and returns once it answers, so that the next command can
 * use it; `--foreground` runs it in this process until it is stopped.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Starts the sample's HTTP service (PUT/GET /customers/{id}, POST /customers with Idempotency-Key),"
                + " which stores the customers it receives in drover.sample.service.db.*, in the background.")
class SampleServiceCommand implements Callable<Integer> {

    private static final Duration START_WAIT = Duration.ofSeconds(60);

    @ParentCommand
    SampleCommand sample;

    @Option(names = "--foreground", description = "Run the service in this process until it is stopped (Ctrl-C, SIGTERM)")
    boolean foreground;

    /** What the service needs from the configuration file. */
    record Settings(int port, String token, int threads, DroverSettings.Connection database) {
        /** Never the token: a record's own toString would print it. */
        @Override
        public String toString() {
            return "Settings[port=" + port + ", token=****, threads=" + threads + "]";
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    @Override
    public Integer call() throws Exception {
        DroverCommand root = sample.root;
        Settings settings = ConfigFile.read(root.config, SampleServiceCommand::settings);
        return foreground ? runHere(root, settings) : startInBackground(root, settings);
    }

    static Settings settings(java.util.function.Function<String, String> properties) {
        String token = properties.apply("drover.sample.service.token");
        if (token == null || token.isBlank()) {
            throw new DroverConfigException("drover.sample.service.token is not set: the sample service needs a bearer"
                    + " token (set the environment variable DROVER_SAMPLE_TOKEN)");
        }
        String url = properties.apply("drover.sample.service.db.url");
        if (url == null || url.isBlank()) {
            throw new DroverConfigException("drover.sample.service.db.url is not set: the sample service needs a database"
                    + " (set DROVER_SAMPLE_SERVICE_DB_URL)");
        }
        return new Settings(number(properties, "drover.sample.service.port", 8090), token,
                number(properties, "drover.sample.service.threads", 16),
                new DroverSettings.Connection("sample service", url, orEmpty(properties.apply("drover.sample.service.db.username")),
                        orEmpty(properties.apply("drover.sample.service.db.password"))));
    }

    private int runHere(DroverCommand root, Settings settings) throws IOException, InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (var database = DataSources.pooled(settings.database(), settings.threads())) {
            SampleService service;
            try {
                service = SampleService.start(new SampleServiceStore(database), settings.port(), settings.token(), settings.threads());
            } catch (java.net.BindException e) {
                throw new DroverConfigException("cannot listen on 127.0.0.1:" + settings.port() + ": " + e.getMessage()
                        + " (is the sample service already running? change drover.sample.service.port otherwise)");
            } catch (java.sql.SQLException e) {
                throw new DroverConfigException("the sample service cannot create its tables in " + settings.database()
                        + ": " + e.getMessage());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "sample-service-stop"));
            root.out.printf("Sample service listening at %s, storing customers in %s (pid %d).%n", service.url(),
                    io.drover.config.Secrets.maskUrl(settings.database().url()), ProcessHandle.current().pid());
            root.out.flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    private int startInBackground(DroverCommand root, Settings settings) throws IOException, InterruptedException {
        if (answers(settings)) {
            root.out.printf("The sample service already answers at %s.%n", settings.url());
            return ExitCodes.OK;
        }
        Path log = Path.of("data", "sample-service.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        String launcher = System.getProperty(io.drover.Launcher.PROPERTY);
        if (launcher != null) {
            command.add("-D" + io.drover.Launcher.PROPERTY + "=" + launcher);
        }
        command.addAll(List.of("io.drover.Drover", "sample", "service", "--foreground", "--config=" + root.config.toAbsolutePath()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                throw new DroverConfigException("the sample service did not start: "
                        + (lines.isEmpty() ? "exit code " + process.exitValue() : lines.get(lines.size() - 1).replaceFirst("^drover: ", "")));
            }
            if (answers(settings)) {
                root.out.printf("Sample service started at %s (pid %d), storing customers in %s; its log: %s.%n",
                        settings.url(), process.pid(), io.drover.config.Secrets.maskUrl(settings.database().url()), log);
                root.out.println("Migrate the sample's customers into it with: " + io.drover.Launcher.hint("migrate customers-api --all"));
                root.out.printf("Stop it with: kill %d%n", process.pid());
                return ExitCodes.OK;
            }
            Thread.sleep(200);
        }
        process.destroy();
        throw new DroverConfigException("the sample service did not answer at " + settings.url() + " within "
                + START_WAIT.toSeconds() + " s; see " + log);
    }

    /** Whether a sample service answers on the configured port (its /stats, which needs no token). */
    private static boolean answers(Settings settings) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build().send(
                    HttpRequest.newBuilder(URI.create(settings.url() + "/stats")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"PUT\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int number(java.util.function.Function<String, String> properties, String key, int fallback) {
        String value = properties.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DroverConfigException(key + " must be a whole number, not '" + value + "'");
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
