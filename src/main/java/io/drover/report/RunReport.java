package io.drover.report;

import java.util.List;
import java.util.Map;

/**
 * The governance report of one run, with the trend of its migration's runs: everything comes from
 * migration_run and migration_log.
 */
public record RunReport(String migration, String generatedAt, Run run, Map<String, Long> statusCounts,
                        List<Bucket> throughput, Durations durations, List<FailureGroup> failures,
                        List<BrokenRule> brokenRules, List<Run> runs) {

    /** Items of the run that broke one quality rule (REJECTED for an error, logged for a warning). */
    public record BrokenRule(String column, String rule, String level, long items) {
    }

    /** One run, as migration_run records it, with its rate. */
    public record Run(String runId, String status, String startedAt, String finishedAt, String arguments, long items,
                      long migrated, long unchanged, long failed, long dryRun, double itemsPerSecond) {
    }

    /** Items finished in a slice of the run, starting {@code second} seconds after its start. */
    public record Bucket(long second, long items, double itemsPerSecond) {
    }

    /** Item durations in milliseconds. */
    public record Durations(double p50, double p90, double p99, long max) {
    }

    /** Failed items sharing one reason (item ids and values taken out), with one example item. */
    public record FailureGroup(String reason, long items, String exampleItem) {
    }
}
