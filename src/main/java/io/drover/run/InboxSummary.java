package io.drover.run;

import io.drover.log.ItemOutcome;
import io.drover.pipeline.ItemStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Sums up the outcomes of one inbox file while its lines are split: counts by status, and the failed
 * and rejected items with their reasons (not every outcome, so a large file keeps memory flat).
 */
public class InboxSummary implements AggregationStrategy {

    /** The running result of one file. */
    public static final class Result {
        private final Map<ItemStatus, Integer> counts = new EnumMap<>(ItemStatus.class);
        private final List<String> failures = new ArrayList<>();
        private final List<String> rejections = new ArrayList<>();

        void add(ItemOutcome outcome) {
            counts.merge(outcome.status(), 1, Integer::sum);
            if (outcome.status() == ItemStatus.FAILED || outcome.status() == ItemStatus.NOT_FOUND) {
                failures.add(outcome.itemId() + ": " + outcome.error());
            } else if (outcome.status() == ItemStatus.REJECTED) {
                rejections.add(outcome.itemId() + ": " + outcome.error());
            }
        }

        public int count(ItemStatus status) {
            return counts.getOrDefault(status, 0);
        }

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        public List<String> failures() {
            return failures;
        }

        public List<String> rejections() {
            return rejections;
        }

        /** True when every item succeeded: none failed, was rejected or is missing from the source, as for a run's exit code. */
        public boolean succeeded() {
            return count(ItemStatus.FAILED) + count(ItemStatus.REJECTED) + count(ItemStatus.NOT_FOUND) == 0;
        }
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        Result summary = oldExchange == null ? new Result() : oldExchange.getMessage().getBody(Result.class);
        Object body = newExchange.getMessage().getBody();
        if (body instanceof ItemOutcome outcome) {
            summary.add(outcome);
        }
        result.getMessage().setBody(summary);
        return result;
    }
}
