package io.drover.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.config.DroverBeans;
import io.drover.log.ItemOutcome;
import io.drover.migration.Migration;
import io.drover.migration.TargetTable;
import io.drover.pipeline.ItemPipeline;
import io.drover.run.ItemFeeder;
import io.drover.run.ItemSelection;
import io.drover.run.RunCounts;
import io.drover.target.Identifiers;
import io.drover.target.ItemDiff;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * `drover verify`: derives, item by item, what the target should hold (load and convert, previewed in a
 * transaction that is always rolled back) and compares it with what the target holds. Streams the ids,
 * stores every verdict in verification_result, prints a summary and optionally writes JSON. Nothing is written
 * to the target's tables: each item is compared in a read-only transaction. On SIGTERM ({@link #requestStop()})
 * no further item starts, the items in flight end, and the verification is recorded INTERRUPTED.
 */
public final class VerifyRun {

    private static final int SHOWN = 20;

    private final CamelContext context;
    private final DroverBeans beans;
    private final PrintStream out;
    private volatile boolean stopRequested;
    private volatile RunCounts counts;
    private volatile java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    public VerifyRun(CamelContext context, DroverBeans beans, PrintStream out) {
        this.context = context;
        this.beans = beans;
        this.out = out;
    }

    /** The selection: every item (and then extra items are looked for too), given ids, or a random sample. */
    public record Scope(List<String> ids, Integer sample) {
        boolean everything() {
            return ids.isEmpty() && sample == null;
        }
    }

    public VerifyCounts run(String migrationName, Scope scope, String arguments, Path json) {
        finished = new java.util.concurrent.CountDownLatch(1);
        try {
            return runAndRecord(migrationName, scope, arguments, json);
        } finally {
            finished.countDown();
        }
    }

    /** Stops feeding ids; the verification then ends INTERRUPTED. Call {@link #abandonWaiting()} once Camel has stopped. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Ends the wait for verdicts: ids still queued were never started. */
    public void abandonWaiting() {
        RunCounts current = counts;
        if (current != null) {
            current.abandon();
        }
    }

    /** Waits until the verification has recorded its end in verification_run. */
    public boolean awaitFinished(long seconds) {
        try {
            return finished.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private VerifyCounts runAndRecord(String migrationName, Scope scope, String arguments, Path json) {
        Migration migration = beans.catalog().get(migrationName);
        if (migration.isApi() && migration.api().verifyUrl() == null) {
            throw new io.drover.DroverConfigException(io.drover.pipeline.ApiWriter.noReadUrl(migration));
        }
        if (migration.isApi()) {
            beans.apiWriter().validate(migration);
            beans.apiWriter().signIn(migration);
        }
        beans.writer().validate(migration);
        beans.loader().validate(migration);
        beans.converters().validate(migration);
        UUID runId = beans.verifications().start(migration.name(), arguments);
        VerifyCounts verdicts = new VerifyCounts();
        long started = System.nanoTime();
        out.printf("Verifying %s (verification %s): target now -> what the source converts to%n", migration.name(), runId);
        try {
            return run(migration, scope, runId, verdicts, started, json);
        } catch (RuntimeException e) {
            // an id query that fails midway, a --json file that cannot be written: the verification did not end
            beans.verifications().finish(runId, verdicts, "FAILED");
            throw e;
        }
    }

    private VerifyCounts run(Migration migration, Scope scope, UUID runId, VerifyCounts verdicts, long started, Path json) {
        try (Report report = new Report(json, runId, migration.name())) {
            RunCounts counts = beans.tracker().open(runId);
            this.counts = counts;
            List<String> shown = new ArrayList<>();
            counts.onOutcome(outcome -> {
                Verdict verdict = Verdict.of(outcome, migration);
                verdicts.add(verdict);
                if (verdict.mismatch()) {
                    report.mismatch(outcome.itemId(), verdict, outcome.diff(), outcome.error());
                    show(shown, outcome, verdict);
                }
            });
            ItemSelection selection = scope.everything() ? ItemSelection.everything()
                    : scope.sample() != null ? ItemSelection.ofIds(sample(migration, scope.sample())) : ItemSelection.ofIds(scope.ids());
            ItemFeeder feeder = new ItemFeeder(context, beans);
            feeder.feed(migration, selection, Map.of(ItemPipeline.MIGRATION, migration.name(), ItemPipeline.RUN_ID, runId.toString(),
                    ItemPipeline.VERIFY, true, ItemPipeline.DRY_RUN, true), counts, 0, () -> stopRequested);
            if (feeder.failure() != null) {
                throw new IllegalStateException("reading the ids of migration '" + migration.name() + "' failed: "
                        + feeder.failure().getMessage(), feeder.failure());
            }
            boolean complete = counts.awaitAll();
            beans.tracker().close(runId);
            if (stopRequested || !complete) {
                beans.verifications().finish(runId, verdicts, "INTERRUPTED");
                out.printf(Locale.ROOT, "%s: verification %s INTERRUPTED after %s (%d match, %d missing, %d different, %s);"
                                + " run it again to check every item.%n", migration.name(), runId, io.drover.Plural.of(verdicts.checked(), "item"),
                        verdicts.get(Verdict.MATCH), verdicts.get(Verdict.MISSING), verdicts.get(Verdict.DIFFERENT),
                        io.drover.Plural.of(verdicts.get(Verdict.ERROR), "error"));
                return verdicts;
            }
            if (scope.everything() && !migration.isApi()) { // an API cannot be listed: EXTRA items are not looked for
                new ExtraItems(new JdbcTemplate(beans.target()), beans.tables(), beans.idFeed(), beans.pageSize()).find(migration, id -> {
                    beans.verifications().recordExtra(runId, migration.name(), id);
                    verdicts.add(Verdict.EXTRA);
                    report.mismatch(id, Verdict.EXTRA, null, "in the target, but no longer in the source");
                    synchronized (shown) {
                        if (shown.size() < SHOWN) {
                            shown.add(id);
                            out.printf("  item %s: EXTRA (in the target, but no longer in the source)%n", id);
                        }
                    }
                });
            }
            Map<String, Integer> tables = tableCounts(migration);
            String status = verdicts.mismatches() == 0 ? "MATCH" : "MISMATCH";
            beans.verifications().finish(runId, verdicts, status);
            report.finish(verdicts, tables, status);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "%s: %s checked in %.1f s: %d match, %d missing, %d different, %d extra, %s."
                            + " Verification %s %s.%n", migration.name(), io.drover.Plural.of(verdicts.checked(), "item"), seconds,
                    verdicts.get(Verdict.MATCH), verdicts.get(Verdict.MISSING), verdicts.get(Verdict.DIFFERENT), verdicts.get(Verdict.EXTRA),
                    io.drover.Plural.of(verdicts.get(Verdict.ERROR), "error"), runId, status);
            StringBuilder line = new StringBuilder("Rows in the target:");
            tables.forEach((table, rows) -> line.append(' ').append(table).append(' ').append(rows).append(','));
            out.println(line.substring(0, line.length() - 1) + ".");
            return verdicts;
        }
    }

    private void show(List<String> shown, ItemOutcome outcome, Verdict verdict) {
        synchronized (shown) {
            if (shown.size() >= SHOWN) {
                return;
            }
            shown.add(outcome.itemId());
            if (verdict == Verdict.ERROR) {
                out.printf("  item %s: ERROR %s%n", outcome.itemId(), outcome.error());
            } else {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> diff = (List<Map<String, Object>>) outcome.diff();
                out.printf("  item %s: %s%n%s", outcome.itemId(), verdict, ItemDiff.render(diff));
            }
        }
    }

    /** A uniform random sample of the migration's ids (reservoir sampling: one pass, memory of the sample's size). */
    private List<String> sample(Migration migration, int size) {
        List<String> reservoir = new ArrayList<>(size);
        Random random = new Random();
        long[] seen = {0};
        beans.idFeed().allIds(migration, () -> false, id -> {
            seen[0]++;
            if (reservoir.size() < size) {
                reservoir.add(String.valueOf(id));
            } else {
                long slot = (long) (random.nextDouble() * seen[0]);
                if (slot < size) {
                    reservoir.set((int) slot, String.valueOf(id));
                }
            }
        });
        return reservoir;
    }

    private Map<String, Integer> tableCounts(Migration migration) {
        JdbcTemplate target = new JdbcTemplate(beans.target());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TargetTable table : migration.targets()) {
            counts.put(table.table(), target.queryForObject("SELECT count(*) FROM " + Identifiers.quote(table.table()), Integer.class));
        }
        return counts;
    }

    /** The optional JSON report, written as results arrive so that memory stays flat. */
    private static final class Report implements AutoCloseable {
        private final JsonGenerator json;

        Report(Path file, UUID runId, String migration) {
            try {
                json = file == null ? null : new JsonFactory(new ObjectMapper()).createGenerator(file.toFile(),
                        com.fasterxml.jackson.core.JsonEncoding.UTF8).useDefaultPrettyPrinter();
                if (json != null) {
                    json.writeStartObject();
                    json.writeStringField("verification", runId.toString());
                    json.writeStringField("migration", migration);
                    json.writeArrayFieldStart("mismatches");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        synchronized void mismatch(String itemId, Verdict verdict, Object differences, String error) {
            if (json == null) {
                return;
            }
            try {
                json.writeStartObject();
                json.writeStringField("item_id", itemId);
                json.writeStringField("verdict", verdict.name());
                json.writeObjectField("differences", differences);
                json.writeStringField("error", error);
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void finish(VerifyCounts counts, Map<String, Integer> tables, String status) {
            if (json == null) {
                return;
            }
            try {
                json.writeEndArray();
                json.writeStringField("status", status);
                json.writeObjectFieldStart("counts");
                json.writeNumberField("checked", counts.checked());
                for (Verdict verdict : Verdict.values()) {
                    json.writeNumberField(verdict.name().toLowerCase(Locale.ROOT), counts.get(verdict));
                }
                json.writeEndObject();
                json.writeObjectField("target_rows", tables);
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (json != null) {
                try {
                    json.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
