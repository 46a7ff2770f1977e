package io.drover.pipeline;

import io.drover.log.ItemOutcome;
import io.drover.log.ItemState;
import io.drover.log.MigrationLog;
import io.drover.migration.Migration;
import io.drover.migration.MigrationCatalog;
import io.drover.migration.TargetTable;
import io.drover.target.PlannerStatistics;
import io.drover.target.TableCatalog;
import io.drover.target.TargetRowCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Headers;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Bulk mode: a chunk of ids at a time, with the guarantees of one item at a time. The chunk is loaded
 * with one query per table, each item is hashed, checked and converted as the item route would, and the
 * items to write are committed together (route write-chunk: COPY on PostgreSQL, else JDBC batches, and
 * their MIGRATED log rows in one transaction). When that transaction fails, the item PostgreSQL's error
 * names (a unique or foreign key's value, {@link ChunkCulprit}) goes alone and the rest is tried again at
 * once; an error that names none splits the chunk in halves, each tried again, until the bad item is alone.
 * An item that fails before the write for good (bad data, its converter's refusal) is recorded FAILED with
 * the chunk's unchanged and rejected items.
 * A lone item, an item the target's declared constraints would refuse, an item the page could not load
 * and an item whose failure may pass go through the item route itself, which gives each exactly the
 * outcome, retries and log row of per-item mode.
 */
public final class ChunkPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkPipeline.class);

    private final CamelContext context;
    private final MigrationCatalog catalog;
    private final SourceLoader loader;
    private final MigrationLog log;
    private final ItemPipeline pipeline;
    private final DefaultRuns defaultRuns;
    private final TableCatalog tables;
    private final PlannerStatistics statistics;
    private final ProducerTemplate producer;
    private final java.util.function.Function<Migration, ItemConverter> converters;

    /**
     * @param converters the converter of a migration, as the item route resolves it
     * @param statistics kept up to date for the tables bulk mode reads back (PostgreSQL), or null */
    public ChunkPipeline(CamelContext context, MigrationCatalog catalog, SourceLoader loader, MigrationLog log,
                         ItemPipeline pipeline, DefaultRuns defaultRuns, TableCatalog tables, PlannerStatistics statistics,
                         java.util.function.Function<Migration, ItemConverter> converters) {
        this.context = context;
        this.catalog = catalog;
        this.loader = loader;
        this.log = log;
        this.pipeline = pipeline;
        this.defaultRuns = defaultRuns;
        this.tables = tables;
        this.statistics = statistics;
        this.converters = converters;
        this.producer = context.createProducerTemplate();
    }

    /** Migrates a chunk of ids of the migration named in the DroverMigration header. */
    public void migrate(@Body List<?> ids, @Headers Map<String, Object> headers) {
        Migration migration = catalog.get(String.valueOf(headers.get(ItemPipeline.MIGRATION)));
        List<Object> pending = new ArrayList<>();
        ids.forEach(id -> pending.add(migration.idType().parse(id)));
        try {
            if (!SourceLoader.canLoadPages(migration)) {
                throw new IllegalStateException("its queries cannot load a page of items");
            }
            migrateLoaded(migration, pending, headers);
        } catch (RuntimeException | Error e) {
            // the page could not be read or recorded (source down, a query that cannot load pages …):
            // every item not yet done goes through the item route, which retries and records each one.
            // An Error too: escaping here, it would leave the chunk's items without an outcome and the run waiting.
            LOG.warn("Chunk of {} items of migration '{}' goes item by item: {}", pending.size(), migration.name(),
                    ItemMigrationException.describe(ItemPipeline.hideSensitive(migration, e)));
            pending.forEach(id -> alone(migration, id, headers));
        }
    }

    /** Decides every item of the chunk; removes from {@code pending} each item it has given an outcome. */
    private void migrateLoaded(Migration migration, List<Object> pending, Map<String, Object> headers) {
        Object runHeader = headers.get(ItemPipeline.RUN_ID);
        UUID runId = runHeader != null ? UUID.fromString(runHeader.toString()) : defaultRuns.runOf(migration.name());
        boolean force = Boolean.parseBoolean(String.valueOf(headers.get(ItemPipeline.FORCE)));
        if (statistics != null) {
            List<String> written = new ArrayList<>(migration.targets().stream().map(TargetTable::table).toList());
            written.add(log.tables().name("item_state"));
            statistics.keep(written);
        }
        List<SourceLoader.Loaded> page = loader.loadPage(migration, List.copyOf(pending));
        Map<String, ItemState> states = log.states(migration.name(), pending.stream().map(String::valueOf).toList());
        ItemConverter converter = converters.apply(migration);
        TargetRowCheck rowCheck = new TargetRowCheck(migration, tables);
        List<ItemWork> toWrite = new ArrayList<>();
        List<ItemWork> alone = new ArrayList<>();
        List<ItemWork> decided = new ArrayList<>();
        for (SourceLoader.Loaded loaded : page) {
            ItemWork work = new ItemWork(migration, runId, loaded.id(), force, false, false);
            work.beginTry();
            if (loaded.problem() != null) {
                alone.add(work);
                continue;
            }
            try {
                pipeline.examine(work, loaded.item(), states.get(work.itemId()));
                if (work.isUnchanged() || work.isRejected()) {
                    decided.add(work);
                } else {
                    TargetItem target = converter.convert(work.getSource());
                    pipeline.converted(target, work);
                    // an item the target would refuse (NOT NULL, length) would fail its whole chunk, and the
                    // halving would write the others again and again: it goes alone at once
                    (rowCheck.problem(target) == null ? toWrite : alone).add(work);
                }
            } catch (RuntimeException | Error e) { // a converter's StackOverflowError or AssertionError is its item's failure
                if (RetryPolicy.isTransient(e)) {
                    alone.add(work); // the item route tries it again, after the policy's delays
                } else {
                    // bad data fails the same way in the item route: failed here, it costs no second load
                    failForGood(work, e);
                    decided.add(work);
                }
            }
        }
        record(decided, pending);
        if (migration.isApiOnly()) {
            alone.addAll(call(migration, toWrite, pending));
        } else {
            write(migration, toWrite, pending, headers, culpritRounds(toWrite.size()));
        }
        for (ItemWork work : alone) {
            pending.remove(work.id());
            alone(migration, work.id(), headers);
        }
    }

    /**
     * How many times a chunk's failure may set apart the items its error names before the rest is halved
     * instead: each round writes the rest again, so a chunk whose every item breaks a key (a child table
     * migrated before its parents) would otherwise cost as many rounds as items.
     */
    private static int culpritRounds(int items) {
        return 2 + 32 - Integer.numberOfLeadingZeros(Math.max(1, items));
    }

    /**
     * Commits a chunk of converted items. When its transaction fails, the items the database's error names
     * are set apart ({@link ChunkCulprit}), up to {@code rounds} times, else the chunk is split in halves,
     * until the item that breaks it is alone.
     */
    private void write(Migration migration, List<ItemWork> chunk, List<Object> pending, Map<String, Object> headers, int rounds) {
        if (chunk.isEmpty()) {
            return;
        }
        Exchange result = producer.send("direct:write-chunk", exchange -> exchange.getMessage().setBody(chunk));
        if (result.getException() == null) {
            @SuppressWarnings("unchecked")
            List<ItemOutcome> outcomes = result.getMessage().getBody(List.class);
            outcomes.forEach(pipeline::reported);
            chunk.forEach(work -> pending.remove(work.id()));
            return;
        }
        chunk.forEach(ItemWork::rolledBack);
        if (chunk.size() == 1) {
            pending.remove(chunk.get(0).id());
            alone(migration, chunk.get(0).id(), headers);
            return;
        }
        // a transient failure (lost connection, deadlock) gets one line, as an item's retry does; a data error is
        // named by the item it leads to, so the halving itself is only for DEBUG
        boolean transientFailure = RetryPolicy.isTransient(result.getException());
        if (transientFailure || LOG.isDebugEnabled()) { // the database's message may quote a row: scrubbed as an item's error is
            String reason = ItemMigrationException.describe(ItemPipeline.hideSensitive(migration, result.getException()));
            if (transientFailure) {
                LOG.warn("Chunk of {} items of migration '{}': {}; trying its halves", chunk.size(), migration.name(), reason);
            } else {
                LOG.debug("Chunk of {} items of migration '{}' failed ({}); trying its halves", chunk.size(), migration.name(), reason);
            }
        }
        List<ItemWork> named = transientFailure || rounds <= 0 ? List.of() : ChunkCulprit.in(chunk, result.getException());
        if (!named.isEmpty() && named.size() < chunk.size()) {
            // the others are written again at once, then the named items go alone, lowest id first (after the
            // rest, so that of items of the chunk with one unique value the lowest id keeps it)
            LOG.debug("Chunk of {} items of migration '{}': the database's error names {}; they go alone",
                    chunk.size(), migration.name(), named.stream().map(ItemWork::itemId).toList());
            List<ItemWork> rest = new ArrayList<>(chunk);
            rest.removeAll(named);
            write(migration, rest, pending, headers, rounds - 1);
            for (ItemWork work : named) {
                pending.remove(work.id());
                alone(migration, work.id(), headers);
            }
            return;
        }
        int half = chunk.size() / 2;
        write(migration, new ArrayList<>(chunk.subList(0, half)), pending, headers, rounds);
        write(migration, new ArrayList<>(chunk.subList(half, chunk.size())), pending, headers, rounds);
    }

    /** Answered calls wait for their log rows at most this many items or this long, whatever the next call does. */
    private static final int ANSWERED_PER_RECORD = 20;
    private static final long ANSWERED_WAIT_NANOS = 100_000_000L;

    /**
     * Sends a chunk's converted items to their API, one call after another (the chunk's worker is one of the
     * --workers concurrent callers), and records the answered ones a few at a time: MIGRATED after a 2xx,
     * FAILED after a 4xx that no retry cures. What the item route gives each item is kept: the rate limit,
     * the circuit breaker (items wait while it is open) and one log row per item, written only after the API
     * answered, and within 100 ms or 20 items of it, so that a process that dies mid-chunk leaves few answered
     * items without their row (the next run sends those again: PUT replaces, POST repeats its key). What bulk
     * mode spares is the per-item source queries and state lookups. A call that may pass later (408, 429, 5xx,
     * no answer) is returned, for the item route's retries. Once the process is stopping no further call
     * starts: the chunk's items not called are left without an outcome, like queued items, for the next run.
     */
    private List<ItemWork> call(Migration migration, List<ItemWork> chunk, List<Object> pending) {
        // the items whose call may pass later, with why: the item route tries them again after the wait
        Map<ItemWork, Throwable> retry = new java.util.LinkedHashMap<>();
        List<ItemWork> answered = new ArrayList<>();
        long recordedAt = System.nanoTime();
        for (ItemWork work : chunk) {
            if (context.isStopping()) {
                break;
            }
            if (answered.size() >= ANSWERED_PER_RECORD || (!answered.isEmpty() && System.nanoTime() - recordedAt > ANSWERED_WAIT_NANOS)) {
                record(answered, pending);
                recordedAt = System.nanoTime();
            }
            Exchange result = producer.send("direct:call-api", exchange -> {
                exchange.setVariable(ItemPipeline.ITEM, work);
                exchange.setVariable(ItemPipeline.MIGRATION_VARIABLE, migration.name());
            });
            Exception failure = result.getException();
            if (failure == null) {
                answered.add(work); // MIGRATED: call-api saw a 2xx
            } else if (RetryPolicy.isTransient(failure)) {
                retry.put(work, failure);
            } else {
                failForGood(work, failure);
                answered.add(work);
            }
        }
        record(answered, pending);
        chunk.forEach(work -> pending.remove(work.id()));
        pipeline.waitBeforeTryingAgain(retry); // each a WARN line, then the longest backoff or Retry-After, once
        return new ArrayList<>(retry.keySet());
    }

    /** Records decided items together (their log rows and states), reports them to the run, and takes them off the chunk. */
    private void record(List<ItemWork> works, List<Object> pending) {
        List<MigrationLog.Entry> entries = new ArrayList<>(works.size());
        works.forEach(work -> entries.add(new MigrationLog.Entry(pipeline.loggedOutcome(work), work.hashOfLastSuccess())));
        log.recordAll(entries);
        entries.forEach(entry -> pipeline.reported(entry.outcome()));
        works.forEach(work -> pending.remove(work.id()));
        works.clear();
    }

    /** FAILED for good, its warning naming the run and the item as the item route's does. */
    private void failForGood(ItemWork work, Throwable failure) {
        try (var item = MDC.putCloseable("drover.item", work.itemId());
             var run = MDC.putCloseable("drover.run", String.valueOf(work.runId()))) {
            pipeline.failedForGood(work, failure);
        }
    }

    /** One item through the item route (direct:migrate-<migration>): it records and reports its own outcome. */
    private void alone(Migration migration, Object id, Map<String, Object> headers) {
        producer.sendBodyAndHeaders("direct:migrate-" + migration.name(), id, headers);
    }
}
