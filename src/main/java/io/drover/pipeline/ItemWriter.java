package io.drover.pipeline;

import io.drover.target.ItemDiff;
import io.drover.target.TargetComparison;
import io.drover.target.TargetSnapshot;
import io.drover.target.TargetWriter;
import java.util.Map;
import org.apache.camel.Variable;

/**
 * The work done inside an item's transaction (routes write-item and preview-item): write the item's
 * rows and its MIGRATED log row together, or, for a dry run, write them only to compare before and after
 * and let the route roll everything back. A verification writes nothing: it reads the target rows by key in
 * a read-only transaction and compares ({@link TargetComparison}), so it works on tables that refuse the write.
 */
public final class ItemWriter {

    private final TargetWriter writer;
    private final TargetSnapshot snapshot;
    private final TargetComparison comparison;
    private final ItemPipeline pipeline;
    private final int diffMaxValueLength;

    /** @param diffMaxValueLength characters of a value that a dry run's or verification's diff keeps */
    public ItemWriter(TargetWriter writer, TargetSnapshot snapshot, TargetComparison comparison, ItemPipeline pipeline,
                      int diffMaxValueLength) {
        this.writer = writer;
        this.snapshot = snapshot;
        this.comparison = comparison;
        this.pipeline = pipeline;
        this.diffMaxValueLength = diffMaxValueLength;
    }

    public void write(@Variable("droverItem") ItemWork work) {
        work.transactionStarted();
        writer.write(work.migration(), work.id(), work.target());
        if (work.migration().isTablesThenApi()) {
            return; // MIGRATED only once the API has taken the item too, after this commit (route call-api)
        }
        pipeline.recordMigrated(work);
    }

    public void preview(@Variable("droverItem") ItemWork work) {
        work.transactionStarted();
        if (work.isVerify()) {
            comparison.readOnly();
            work.previewed(comparison.changes(work.migration(), work.id(), work.target(), diffMaxValueLength));
            return;
        }
        Map<String, Map<String, Map<String, Object>>> before = snapshot.read(work.migration(), work.id(), work.target());
        writer.write(work.migration(), work.id(), work.target());
        Map<String, Map<String, Map<String, Object>>> after = snapshot.read(work.migration(), work.id(), work.target());
        work.previewed(ItemDiff.between(before, after, diffMaxValueLength));
    }
}
