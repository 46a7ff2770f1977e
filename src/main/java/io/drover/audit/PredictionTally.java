package io.drover.audit;

import io.drover.pipeline.ItemStatus;
import io.drover.quality.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up the predictions of an audit: counts by status, REJECTED items by column and rule, FAILED
 * items by reason, each group with a few example items. Memory is bounded by the number of distinct
 * rules and reasons (capped), not by the number of items.
 */
final class PredictionTally {

    static final int EXAMPLES = 5;
    /** Beyond this many distinct reasons, further ones are counted together, so memory stays bounded. */
    static final int MAX_REASONS = 100;
    static final String OTHER_REASONS = "other reasons (more than " + MAX_REASONS + " distinct reasons)";

    private static final class Group {
        long items;
        final List<String> examples = new ArrayList<>(EXAMPLES);

        void add(String itemId) {
            items++;
            if (examples.size() < EXAMPLES) {
                examples.add(itemId);
            }
        }

        void remove(String itemId) {
            items--;
            examples.remove(itemId);
        }
    }

    private final Map<ItemStatus, Long> counts = new LinkedHashMap<>();
    private final Map<List<String>, Group> rejectedByRule = new LinkedHashMap<>();
    private final Map<String, Group> failedByReason = new LinkedHashMap<>();

    void add(String itemId, Prediction prediction) {
        counts.merge(prediction.status(), 1L, Long::sum);
        if (prediction.status() == ItemStatus.REJECTED) {
            // one entry per rule the item breaks; addresses[0].street and addresses[3].street are one rule
            prediction.errors().stream().map(PredictionTally::rule).distinct()
                    .forEach(rule -> rejectedByRule.computeIfAbsent(rule, r -> new Group()).add(itemId));
        } else if (prediction.status() == ItemStatus.FAILED) {
            failedGroup(prediction.reason()).add(itemId);
        }
    }

    /** An item predicted MIGRATED or FAILED turns out to lose a unique value to an item with a lower id. */
    void rejectAsDuplicate(String itemId, ItemStatus was, String wasReason, String column) {
        counts.merge(was, -1L, Long::sum);
        if (was == ItemStatus.FAILED) {
            failedGroup(wasReason).remove(itemId);
        }
        counts.merge(ItemStatus.REJECTED, 1L, Long::sum);
        rejectedByRule.computeIfAbsent(List.of(column, DryConversion.UNIQUE_RULE), r -> new Group()).add(itemId);
    }

    long count(ItemStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    private Group failedGroup(String reason) {
        String key = failedByReason.containsKey(reason) || failedByReason.size() < MAX_REASONS ? reason : OTHER_REASONS;
        return failedByReason.computeIfAbsent(key, r -> new Group());
    }

    private static List<String> rule(Violation violation) {
        return List.of(violation.column().replaceAll("\\[\\d+]", ""), violation.rule());
    }

    AuditReport.Predicted result() {
        List<AuditReport.RuleGroup> rules = new ArrayList<>();
        rejectedByRule.forEach((rule, group) -> rules.add(new AuditReport.RuleGroup(rule.get(0), rule.get(1), group.items,
                List.copyOf(group.examples))));
        rules.sort(Comparator.comparingLong(AuditReport.RuleGroup::items).reversed()
                .thenComparing(AuditReport.RuleGroup::column).thenComparing(AuditReport.RuleGroup::rule));
        List<AuditReport.ReasonGroup> reasons = new ArrayList<>();
        failedByReason.forEach((reason, group) -> {
            if (group.items > 0) {
                reasons.add(new AuditReport.ReasonGroup(reason, group.items, List.copyOf(group.examples)));
            }
        });
        reasons.sort(Comparator.comparingLong(AuditReport.ReasonGroup::items).reversed().thenComparing(AuditReport.ReasonGroup::reason));
        return new AuditReport.Predicted(count(ItemStatus.MIGRATED), count(ItemStatus.REJECTED), count(ItemStatus.FAILED),
                rules, reasons);
    }
}
