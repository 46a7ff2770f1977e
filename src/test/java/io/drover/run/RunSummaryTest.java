package io.drover.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.log.ItemOutcome;
import io.drover.pipeline.ItemStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The summary at the end of a run speaks of "1 item" and "2 items", and its hints name bin/drover. */
class RunSummaryTest {

    private static final UUID RUN = UUID.fromString("b89f9500-fd0f-4956-bfaa-0fe2b72f8c58");

    @Test
    void oneItemIsSingular() {
        RunCounts counts = counts(2, ItemStatus.FAILED);

        String summary = summary(counts, List.of(outcome("250", ItemStatus.FAILED, "column 'x' is bad")));

        assertThat(summary).startsWith("customers: 1 item in ")
                .contains("0 migrated, 0 unchanged, 1 failed. Run " + RUN + " INTERRUPTED.")
                .contains("1 item was not processed; run again to finish it.")
                .contains("Fix the source, then rerun only these items: bin/drover migrate customers --retry-failed");
    }

    @Test
    void otherCountsArePlural() {
        RunCounts counts = counts(5, ItemStatus.MIGRATED, ItemStatus.NOT_FOUND, ItemStatus.NOT_FOUND);

        String summary = summary(counts, List.of(outcome("998", ItemStatus.NOT_FOUND, "not in the source"),
                outcome("999", ItemStatus.NOT_FOUND, "not in the source")));

        assertThat(summary).startsWith("customers: 3 items in ")
                .contains("1 migrated, 0 unchanged, 0 failed, 2 not in the source.")
                .contains("2 items were not processed; run again to finish them.")
                .contains("Not in the source (the item query has no row for them): 998, 999")
                .contains("Check the ids; --retry-failed leaves them out. To forget them: bin/drover forget customers --not-found")
                .doesNotContain("Failed and rejected items");
    }

    @Test
    void noItemIsPlural() {
        assertThat(summary(counts(0), List.of())).startsWith("customers: 0 items in ").doesNotContain("not processed");
    }

    private static RunCounts counts(int submitted, ItemStatus... outcomes) {
        RunCounts counts = new RunCounts();
        for (int i = 0; i < submitted; i++) {
            counts.submitted();
        }
        for (int i = 0; i < outcomes.length; i++) {
            counts.add(outcome(String.valueOf(i), outcomes[i], null));
        }
        return counts;
    }

    private static String summary(RunCounts counts, List<ItemOutcome> failures) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunSummary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "customers", RUN, counts,
                counts.submittedCount() > counts.done() ? "INTERRUPTED" : "FAILED", failures);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ItemOutcome outcome(String id, ItemStatus status, String error) {
        Instant now = Instant.now();
        return new ItemOutcome(RUN, "customers", id, status, 1, null, null, null, null, null, null, error, null, now, now);
    }
}
