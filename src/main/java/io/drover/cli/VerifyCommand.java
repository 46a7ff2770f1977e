package io.drover.cli;

import io.drover.plan.Plan;
import io.drover.verify.VerifyCounts;
import io.drover.verify.VerifyRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `drover verify (<migration> | --plan=<plan>) [--sample=N | --item-id=…] [--json=FILE]`. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks that the target holds what the migration of the current source gives: MATCH, MISSING,"
                + " DIFFERENT (with the columns), EXTRA (in the target, no longer in the source). Writes nothing to the target.",
        footer = {"", "Exit codes: 0 every item matches, 1 at least one mismatch, 2 bad usage or configuration."})
public class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    DroverCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MIGRATION")
    String migration;

    @Option(names = "--plan", paramLabel = "PLAN", description = "Instead of one migration, verify every migration of this plan, one after another")
    String plan;

    /** Which items: every item (neither option), a random sample, or the ones named; never two of these. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Scope scope = new Scope();

    static class Scope {
        @Option(names = "--sample", paramLabel = "N", description = "Check a random sample of N items instead of all (extra items are not looked for)")
        Integer sample;

        @Option(names = "--item-id", split = ",", paramLabel = "ID", description = "Check just these items (repeat or separate with commas)")
        List<String> ids;
    }

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE")
    Path json;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel workers (default: drover.workers)")
    Integer workers;

    @Override
    public Integer call() {
        Integer sample = scope.sample;
        List<String> ids = scope.ids;
        if (sample != null && sample < 1) {
            throw new io.drover.DroverConfigException("--sample must be at least 1");
        }
        if ((migration == null) == (plan == null)) {
            throw new io.drover.DroverConfigException("name one migration (drover verify <migration>) or one plan"
                    + " (drover verify --plan=<plan>), not " + (plan == null ? "neither" : "both"));
        }
        if (plan != null && (ids != null || json != null)) {
            throw new io.drover.DroverConfigException((ids != null ? "--item-id" : "--json") + " applies to one migration;"
                    + " with --plan verify all items or a --sample, or verify that migration on its own: " + io.drover.Launcher.hint("verify <migration>"));
        }
        String arguments = "verify " + (plan != null ? "--plan=" + plan : migration) + (sample != null ? " --sample=" + sample : "")
                + (ids != null ? " --item-id=" + String.join(",", ids) : "");
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("drover.triggers.enabled", "false", "drover.arguments", arguments));
        if (workers != null) {
            overrides.put("drover.workers", String.valueOf(workers));
        }
        try (DroverRuntime runtime = DroverRuntime.start(root.config, DroverRuntime.readingDroverTables(overrides))) {
            VerifyRun verify = new VerifyRun(runtime.context(), runtime.beans(), root.out);
            VerifyRun.Scope scope = new VerifyRun.Scope(ids == null ? List.of() : ids, sample);
            // SIGTERM: no further item starts, those in flight end, the verification is recorded INTERRUPTED
            Thread stopper = MigrateCommand.stopper(runtime, verify::requestStop, verify::abandonWaiting, () -> verify.awaitFinished(30));
            try {
                return verifyAll(runtime, verify, scope, arguments);
            } finally {
                MigrateCommand.removeHook(stopper);
            }
        }
    }

    private int verifyAll(DroverRuntime runtime, VerifyRun verify, VerifyRun.Scope scope, String arguments) {
        if (plan == null) {
            VerifyCounts counts = verify.run(migration, scope, arguments, json);
            return counts.mismatches() == 0 && !verify.stopRequested() ? ExitCodes.OK : ExitCodes.ITEMS_FAILED;
        }
        List<io.drover.migration.Migration> migrations = Plan.of(runtime.beans().catalog(), plan).migrations();
        for (io.drover.migration.Migration m : migrations) { // a configuration error stops the plan before any item
            runtime.beans().writer().validate(m);
            runtime.beans().loader().validate(m);
        }
        long mismatches = 0;
        for (io.drover.migration.Migration m : migrations) {
            if (verify.stopRequested()) {
                return ExitCodes.ITEMS_FAILED;
            }
            VerifyCounts counts = verify.run(m.name(), scope, arguments, null);
            mismatches += counts.mismatches();
        }
        root.out.printf("Plan %s: %d migrations verified, %d mismatches%n", plan, migrations.size(), mismatches);
        return mismatches == 0 ? ExitCodes.OK : ExitCodes.ITEMS_FAILED;
    }
}
