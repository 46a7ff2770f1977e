package io.drover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.pipeline.ItemStatus;
import io.drover.quality.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTallyTest {

    @Test
    void groupsRejectsByColumnAndRuleAndFailuresByReasonWithExamples() {
        PredictionTally tally = new PredictionTally();
        for (int id = 1; id <= 8; id++) {
            tally.add(String.valueOf(id), new Prediction(ItemStatus.MIGRATED, List.of(), null, null));
        }
        for (int id = 10; id <= 16; id++) {
            tally.add(String.valueOf(id), new Prediction(ItemStatus.FAILED, List.of(), "customer_address.street NOT NULL", null));
        }
        // one item breaking one child rule on two rows, and another rule: counted once per rule
        tally.add("20", new Prediction(ItemStatus.REJECTED, List.of(
                new Violation("addresses[0].street", "required", Violation.Level.ERROR, null),
                new Violation("addresses[1].street", "required", Violation.Level.ERROR, null),
                new Violation("email", "format email", Violation.Level.ERROR, "x")), null, null));

        AuditReport.Predicted predicted = tally.result();

        assertThat(List.of(predicted.migrated(), predicted.rejected(), predicted.failed())).containsExactly(8L, 1L, 7L);
        assertThat(predicted.failedByReason()).containsExactly(
                new AuditReport.ReasonGroup("customer_address.street NOT NULL", 7, List.of("10", "11", "12", "13", "14")));
        assertThat(predicted.rejectedByRule()).containsExactly(
                new AuditReport.RuleGroup("addresses.street", "required", 1, List.of("20")),
                new AuditReport.RuleGroup("email", "format email", 1, List.of("20")));
    }

    @Test
    void anItemThatLosesAUniqueValueMovesToRejected() {
        PredictionTally tally = new PredictionTally();
        tally.add("1", new Prediction(ItemStatus.MIGRATED, List.of(), null, null));
        tally.add("2", new Prediction(ItemStatus.MIGRATED, List.of(), null, null));
        tally.add("3", new Prediction(ItemStatus.FAILED, List.of(), "column 'status' must be one of the codes [A, I, S]", null));

        tally.rejectAsDuplicate("2", ItemStatus.MIGRATED, null, "email");
        tally.rejectAsDuplicate("3", ItemStatus.FAILED, "column 'status' must be one of the codes [A, I, S]", "email");

        AuditReport.Predicted predicted = tally.result();
        assertThat(List.of(predicted.migrated(), predicted.rejected(), predicted.failed())).containsExactly(1L, 2L, 0L);
        assertThat(predicted.failedByReason()).isEmpty();
        assertThat(predicted.rejectedByRule()).containsExactly(new AuditReport.RuleGroup("email", "unique", 2, List.of("2", "3")));
    }
}
