package io.drover.run;

import io.drover.Launcher;
import io.drover.Plural;
import io.drover.log.ItemOutcome;
import io.drover.pipeline.ItemStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The summary a run prints at its end: counts by outcome, pace, the first failures, and the commands that come next. */
final class RunSummary {

    private RunSummary() {
    }

    /**
     * @param failures the first failed, rejected and not found items, with their reasons
     */
    static void print(PrintStream out, String migration, UUID runId, RunCounts counts, String status, List<ItemOutcome> failures) {
        double seconds = counts.elapsed().toMillis() / 1000.0;
        out.printf(Locale.ROOT, "%s: %s in %.1f s (%.1f items/s): %d migrated, %d unchanged, %d failed%s%s%s. Run %s %s.%n",
                migration, Plural.of(counts.done(), "item"), seconds, counts.itemsPerSecond(), counts.migrated(),
                counts.unchanged(), counts.failed(), counts.rejected() > 0 ? ", " + counts.rejected() + " rejected" : "",
                counts.notFound() > 0 ? ", " + counts.notFound() + " not in the source" : "",
                counts.dryRun() > 0 ? ", " + counts.dryRun() + " previewed (dry run)" : "", runId, status);
        int notProcessed = counts.submittedCount() - counts.done();
        if (notProcessed > 0) {
            out.printf("%s %s not processed; run again to finish %s.%n", Plural.of(notProcessed, "item"),
                    notProcessed == 1 ? "was" : "were", notProcessed == 1 ? "it" : "them");
        }
        List<ItemOutcome> missing = failures.stream().filter(f -> f.status() == ItemStatus.NOT_FOUND).toList();
        List<ItemOutcome> failed = failures.stream().filter(f -> f.status() != ItemStatus.NOT_FOUND).toList();
        if (!failed.isEmpty()) {
            out.println("Failed and rejected items:");
            failed.forEach(f -> out.println("  " + f.itemId() + ": " + f.error()));
            if (counts.failed() + counts.rejected() > failed.size()) {
                out.printf("  … and %d more; see migration_log (run_id = '%s')%n", counts.failed() + counts.rejected() - failed.size(), runId);
            }
            if (counts.failed() > 0) {
                out.printf("Fix the source, then rerun only these items: %s%n", Launcher.hint("migrate " + migration + " --retry-failed"));
            }
            if (counts.rejected() > 0) {
                out.printf("Fix the source, then rerun the rejected items: %s%n", Launcher.hint("migrate " + migration + " --retry-rejected"));
            }
        }
        if (!missing.isEmpty()) {
            // a mistyped id: no retry will find it, so say how to check it and how to drop it from the state
            out.printf("Not in the source (the item query has no row for %s): %s%s%n", counts.notFound() == 1 ? "it" : "them",
                    String.join(", ", missing.stream().map(ItemOutcome::itemId).toList()),
                    counts.notFound() > missing.size() ? " … and " + (counts.notFound() - missing.size()) + " more" : "");
            out.printf("Check the %s; --retry-failed leaves %s out. To forget %s: %s%n", counts.notFound() == 1 ? "id" : "ids",
                    counts.notFound() == 1 ? "it" : "them", counts.notFound() == 1 ? "it" : "them",
                    Launcher.hint("forget " + migration + " --not-found"));
        }
    }
}
