package io.drover.pipeline;

import io.drover.log.ItemOutcome;
import io.drover.log.MigrationLog;
import io.drover.target.TargetWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;

/**
 * The work done inside a chunk's transaction (route write-chunk, bulk mode): the rows of every item of
 * the chunk ({@link TargetWriter#writeAll}: COPY on PostgreSQL, else JDBC batches), then their MIGRATED
 * log rows and states, so that they commit together.
 */
public final class ChunkWriter {

    private final TargetWriter writer;
    private final MigrationLog log;
    private final ItemPipeline pipeline;

    public ChunkWriter(TargetWriter writer, MigrationLog log, ItemPipeline pipeline) {
        this.writer = writer;
        this.log = log;
        this.pipeline = pipeline;
    }

    /** @return the outcomes, to be reported once the transaction has committed */
    public List<ItemOutcome> write(@Body List<ItemWork> chunk) {
        List<Map.Entry<Object, TargetItem>> items = new ArrayList<>(chunk.size());
        boolean fresh = true;
        for (ItemWork work : chunk) {
            work.transactionStarted();
            items.add(Map.entry(work.id(), work.target()));
            fresh &= work.previous() == null;
        }
        writer.writeAll(chunk.get(0).migration(), items, fresh);
        List<MigrationLog.Entry> entries = new ArrayList<>(chunk.size());
        List<ItemOutcome> outcomes = new ArrayList<>(chunk.size());
        for (ItemWork work : chunk) {
            work.migrated();
            ItemOutcome outcome = pipeline.loggedOutcome(work);
            entries.add(new MigrationLog.Entry(outcome, work.hashOfLastSuccess()));
            outcomes.add(outcome);
        }
        log.recordAll(entries, fresh);
        return outcomes;
    }
}
