package io.drover.cli;

import io.drover.config.DroverBeans;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * `drover run`: a long-running process. Ids arrive through endpoints: direct:migrate-&lt;migration&gt;,
 * the file inboxes and the polling triggers declared with the migrations. Stops on SIGTERM.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs Drover as a long-running process: triggers (file inbox, polling) and direct: endpoints migrate items as ids arrive. Stop with SIGTERM or Ctrl-C.")
public class RunCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    /**
     * The long-running process serves Prometheus metrics at /observe/metrics and health at /observe/health
     * on drover.observe.port; one-shot commands do not, so that parallel runs never compete for a port.
     */
    public static Map<String, String> observability() {
        return Map.ofEntries(Map.entry("camel.metrics.enabled", "true"),
                Map.entry("camel.management.enabled", "true"),
                // camel-main reads this before Drover's defaults are in place: the default repeated, for a configuration without it
                Map.entry("camel.management.port", "{{drover.observe.port:8080}}"),
                Map.entry("camel.management.metricsEnabled", "true"),
                Map.entry("camel.management.healthCheckEnabled", "true"),
                Map.entry("camel.health.enabled", "true"),
                Map.entry("camel.health.exposureLevel", "full"),
                // Camel's per-exchange meters clash in Prometheus (one name, several tag sets); Drover's own are enough
                Map.entry("camel.metrics.enableExchangeEventNotifier", "false"));
    }

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Map<String, String> overrides = new java.util.HashMap<>(observability());
        overrides.put("drover.triggers.enabled", "true");
        // the routes start once the start-up checks below have passed: no trigger hands over an id before
        overrides.put("camel.main.autoStartup", "false");
        overrides.put("drover.arguments", "run");
        DroverRuntime runtime = DroverRuntime.start(root.config, overrides);
        DroverBeans beans = runtime.beans();
        try {
            // the checks of drover migrate, for every migration
            beans.catalog().all().values().forEach(beans::validate);
            io.drover.distributed.KafkaIdsTemplate.check(runtime.context(), beans.catalog());
            runtime.context().getRouteController().startAllRoutes();
        } catch (Exception e) {
            runtime.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start the triggers: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.stopCamel(); // which records the end of the runs its triggers opened (DefaultRuns.closeAll)
            runtime.close();
            stopped.countDown();
        }, "drover-shutdown"));
        root.out.println("Drover is running; migrations: " + beans.catalog().all().keySet() + "; metrics and health on port "
                + runtime.context().resolvePropertyPlaceholders("{{drover.observe.port}}") + " (/observe/metrics, /observe/health)."
                + " Stop with Ctrl-C.");
        stopped.await();
        return ExitCodes.OK;
    }
}
