package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.config.DroverBeans;
import io.drover.migration.Migration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * `drover worker`: a long-running process that migrates the ids published to the migrations' Kafka topics
 * (route work-kafka-ids), one of a consumer group of such processes on any number of machines.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs a worker of the distributed mode: consumes the ids that `drover migrate <migration> --distributed`"
                + " publishes to Apache Kafka and migrates each in its own transaction, acknowledging it only after that."
                + " Stop with SIGTERM or Ctrl-C: the items in flight finish first.")
public class WorkerCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Option(names = "--migrations", split = ",", paramLabel = "NAME",
            description = "Only these migrations' topics (default: every topic whose name starts with drover.kafka.topic-prefix)")
    List<String> migrations;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Map<String, String> overrides = new java.util.HashMap<>(RunCommand.observability());
        overrides.put("drover.triggers.enabled", "false");
        overrides.put("drover.queues.enabled", "false");
        overrides.put("drover.kafka.worker.enabled", "true");
        // the consumer starts once the checks below have passed: no record is taken by a worker that cannot work it
        overrides.put("camel.main.autoStartup", "false");
        overrides.put("drover.arguments", "worker" + (migrations == null ? "" : " --migrations=" + String.join(",", migrations)));
        DroverRuntime runtime = DroverRuntime.start(root.config, withTopics(overrides));
        DroverBeans beans = runtime.beans();
        List<String> names;
        try {
            names = check(beans, runtime.context());
            runtime.context().getRouteController().startAllRoutes();
        } catch (Exception e) {
            runtime.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start the worker: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.stopCamel(); // the consumers finish and commit their items in flight, then leave the group
            runtime.close();
            stopped.countDown();
        }, "drover-shutdown"));
        root.out.println("Drover worker is running; migrations: " + names + "; topics: "
                + runtime.context().resolvePropertyPlaceholders("{{drover.kafka.worker.topics}}") + " on "
                + runtime.context().resolvePropertyPlaceholders("{{drover.kafka.bootstrap-servers}}") + ", group "
                + runtime.context().resolvePropertyPlaceholders("{{drover.kafka.group-id}}") + ". Stop with Ctrl-C.");
        stopped.await();
        return ExitCodes.OK;
    }

    /** The topics to consume: one per named migration, else every topic of the prefix (a pattern). */
    private Map<String, String> withTopics(Map<String, String> overrides) {
        String prefix = "{{drover.kafka.topic-prefix}}"; // resolved by Camel from the configuration
        if (migrations == null || migrations.isEmpty()) {
            overrides.put("drover.kafka.worker.topics", prefix + ".*"); // the prefix's dots match themselves too
            overrides.put("drover.kafka.worker.topic-is-pattern", "true");
        } else {
            List<String> topics = new ArrayList<>();
            migrations.stream().map(String::trim).filter(m -> !m.isEmpty()).forEach(m -> topics.add(prefix + m));
            overrides.put("drover.kafka.worker.topics", String.join(",", topics));
        }
        return overrides;
    }

    /** The start-up checks of drover migrate for each migration this worker runs; an unknown name is a usage error. */
    private List<String> check(DroverBeans beans, org.apache.camel.CamelContext context) {
        String prefix = context.resolvePropertyPlaceholders("{{drover.kafka.topic-prefix}}");
        String deadLetter = context.resolvePropertyPlaceholders("{{drover.kafka.dead-letter-topic}}");
        if ((migrations == null || migrations.isEmpty()) && deadLetter.startsWith(prefix)) {
            // following every topic of the prefix, the worker would read its own dead letters, and send them there again
            throw new DroverConfigException("drover.kafka.dead-letter-topic '" + deadLetter + "' starts with drover.kafka.topic-prefix '"
                    + prefix + "', whose every topic a worker without --migrations follows; give it a name outside the prefix");
        }
        List<String> names = migrations == null || migrations.isEmpty() ? List.copyOf(beans.catalog().all().keySet())
                : migrations.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        for (String name : names) {
            Migration migration = beans.catalog().all().get(name);
            if (migration == null) {
                throw new DroverConfigException("--migrations names '" + name + "', which is no migration; declared: "
                        + beans.catalog().all().keySet());
            }
            beans.validate(migration);
        }
        return names;
    }
}
