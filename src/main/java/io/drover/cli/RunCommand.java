package io.drover.cli;

import io.drover.config.DroverBeans;
import io.drover.run.RunCounts;
import java.util.Map;
import java.util.UUID;
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

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        DroverRuntime runtime = DroverRuntime.start(root.config, Map.of("drover.triggers.enabled", "true",
                "drover.arguments", "run"));
        DroverBeans beans = runtime.beans();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.stopCamel();
            for (Map.Entry<String, UUID> run : beans.defaultRuns().open().entrySet()) {
                RunCounts counts = beans.tracker().open(run.getValue());
                beans.recorder().finish(run.getValue(), counts, counts.failed() > 0 ? "FAILED" : "SUCCEEDED");
            }
            runtime.close();
            stopped.countDown();
        }, "drover-shutdown"));
        root.out.println("Drover is running; migrations: " + beans.catalog().all().keySet() + ". Stop with Ctrl-C.");
        stopped.await();
        return ExitCodes.OK;
    }
}
