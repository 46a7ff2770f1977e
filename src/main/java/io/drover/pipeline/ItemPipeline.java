package io.drover.pipeline;

import io.drover.log.ItemOutcome;
import io.drover.log.MigrationLog;
import io.drover.migration.Migration;
import io.drover.migration.MigrationCatalog;
import io.drover.run.RunTracker;
import io.drover.target.JdbcValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The steps of the item route that are logic rather than flow: start an item from its id and headers,
 * load it and decide whether it is unchanged, take the converter's result, turn a failure into the one
 * exception type, and record the outcome.
 */
public final class ItemPipeline {

    /** Message headers that carry a run's context along with each id, over any endpoint. */
    public static final String RUN_ID = "DroverRunId";
    public static final String FORCE = "DroverForce";
    public static final String DRY_RUN = "DroverDryRun";
    public static final String MIGRATION = "DroverMigration";
    public static final String VERIFY = "DroverVerify";
    /**
     * Exchange variables the item route decides on (src/main/resources/drover/routes/migrate-item.camel.yaml): copies of
     * droverItem's flags, set whenever they change, since an OGNL path into droverItem costs a bean
     * introspection at every evaluation.
     */
    static final String ITEM = "droverItem";
    /** The exchange variable naming the item's migration (set by its route; read by call-api's rate limit). */
    static final String MIGRATION_VARIABLE = "droverMigration";
    static final String TRY_PENDING = "droverTryPending";
    static final String NEXT = "droverNext";
    static final String DRY_RUN_VARIABLE = "droverDryRun";
    /** True when the migration's items go to an HTTP API (route call-api) instead of its tables (route write-item). */
    static final String API_VARIABLE = "droverApi";
    /** True when the item's tables are written (route write-item, committed) before its API call (route call-api). */
    static final String TABLES_THEN_API_VARIABLE = "droverTablesThenApi";

    private static final Logger LOG = LoggerFactory.getLogger(ItemPipeline.class);

    private final MigrationCatalog catalog;
    private final SourceLoader loader;
    private final ItemHasher hasher;
    private final MigrationLog log;
    private final RunTracker tracker;
    private final DefaultRuns defaultRuns;
    private final RetryPolicy retry;
    private final io.drover.verify.VerificationLog verifications;
    private final io.drover.observe.ItemMetrics metrics;
    private final QualityCheck quality;

    public ItemPipeline(MigrationCatalog catalog, SourceLoader loader, ItemHasher hasher, MigrationLog log,
                        RunTracker tracker, DefaultRuns defaultRuns, RetryPolicy retry,
                        io.drover.verify.VerificationLog verifications, io.drover.observe.ItemMetrics metrics,
                        QualityCheck quality) {
        this.quality = quality;
        this.catalog = catalog;
        this.loader = loader;
        this.hasher = hasher;
        this.log = log;
        this.tracker = tracker;
        this.defaultRuns = defaultRuns;
        this.retry = retry;
        this.verifications = verifications;
        this.metrics = metrics;
    }

    /**
     * Starts an item: its state goes into the exchange variable droverItem. It never throws: this step runs
     * before the item's doTry, and every item must reach finish.
     */
    public void start(@Body Object id, @Headers Map<String, Object> headers, @Variable("droverMigration") String name,
                      org.apache.camel.Exchange exchange) {
        Migration migration = catalog.get(name);
        ItemWork work;
        try {
            Object runHeader = headers.get(RUN_ID);
            UUID runId = runHeader != null ? UUID.fromString(runHeader.toString()) : defaultRuns.runOf(name);
            work = new ItemWork(migration, runId, id == null ? null : migration.idType().parse(id),
                    flag(headers.get(FORCE)), flag(headers.get(DRY_RUN)), flag(headers.get(VERIFY)));
        } catch (RuntimeException e) {
            work = new ItemWork(migration, defaultRuns.runOf(name), id, false, false, false);
            work.failedAtStart(new ItemMigrationException(name, String.valueOf(id), false, e));
        }
        MDC.put("drover.item", work.itemId());
        MDC.put("drover.run", String.valueOf(work.runId()));
        metrics.started();
        exchange.setVariable(ITEM, work);
        exchange.setVariable(TRY_PENDING, work.isTryPending());
        exchange.setVariable(DRY_RUN_VARIABLE, work.isDryRun());
        exchange.setVariable(API_VARIABLE, migration.isApi());
        exchange.setVariable(TABLES_THEN_API_VARIABLE, migration.isTablesThenApi());
    }

    /**
     * Loads the source item and marks it UNCHANGED when it equals the source of the item's last success;
     * sets what the route does next (variable droverNext: unchanged, rejected or convert).
     * @return the source item as its cleansing steps left it, the converter's input
     */
    public SourceItem load(@Variable("droverItem") ItemWork work, org.apache.camel.Exchange exchange) {
        work.beginTry();
        exchange.setVariable(TRY_PENDING, work.isTryPending());
        if (work.migration().idType() == io.drover.migration.IdType.NUMBER && !(work.id() instanceof Number)) {
            throw new ItemDataException(work.migration().idColumn(), io.drover.migration.IdType.notANumber(work.id()), work.id());
        }
        SourceItem source = loader.load(work.migration(), work.id());
        examine(work, source, log.state(work.migration().name(), work.itemId()).orElse(null));
        exchange.setVariable(NEXT, work.isUnchanged() ? "unchanged" : work.isRejected() ? "rejected" : "convert");
        return work.getSource();
    }

    /** Hashes a loaded item, marks it UNCHANGED or runs its quality check (cleansing and rules). */
    void examine(ItemWork work, SourceItem source, io.drover.log.ItemState previous) {
        String hash = hasher.hash(source, work.migration().fingerprint());
        work.loaded(source, hash, previous);
        if (!work.isForce() && !work.isDryRun() && work.previous() != null && work.previous().unchangedSince(hash)) {
            work.status(ItemStatus.UNCHANGED);
        } else {
            // cleansing and rules run on the loaded item; the hash stays that of the source as it is
            work.checked(quality.check(work.migration(), source));
        }
    }

    /** Counts an outcome recorded outside the item route (bulk mode) in the run and the metrics. */
    void reported(ItemOutcome outcome) {
        metrics.started();
        metrics.finished(outcome);
        tracker.completed(outcome);
    }

    public void converted(@Body TargetItem target, @Variable("droverItem") ItemWork work) {
        if (target == null) {
            throw new IllegalStateException("converter '" + work.migration().converter() + "' returned no target item");
        }
        work.converted(target);
    }

    public void failed(@Variable("droverItem") ItemWork work,
                       @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Throwable cause,
                       org.apache.camel.Exchange exchange) {
        // the WARN line below names item, try and reason; the stack trace is for DEBUG only
        LOG.debug("Item {} of migration '{}', try {}", work.itemId(), work.migration().name(), work.tries(), cause);
        if (retry.shouldRetry(cause, work.tries())) {
            long delay = retry.delayBefore(cause, work.tries());
            LOG.warn("Item {} of migration '{}': {} (try {} of {}); trying again in {} ms", work.itemId(), work.migration().name(),
                    ItemMigrationException.describe(hideSensitive(work.migration(), cause)), work.tries(), retry.attempts(), delay);
            work.retryLater();
            exchange.setVariable(TRY_PENDING, work.isTryPending());
            sleep(delay);
            return;
        }
        failedForGood(work, cause);
    }

    /**
     * Bulk mode's first try of items whose failure may pass (an API's 429 or 503): each gets the WARN line a
     * retry of the item route gets, then the chunk's worker waits once, as long as the longest of their
     * backoffs and Retry-Afters, before the item route tries them again (from its own first try).
     */
    void waitBeforeTryingAgain(Map<ItemWork, Throwable> failures) {
        long delay = 0;
        for (Map.Entry<ItemWork, Throwable> failure : failures.entrySet()) {
            ItemWork work = failure.getKey();
            long wait = retry.delayBefore(failure.getValue(), 1);
            delay = Math.max(delay, wait);
            LOG.warn("Item {} of migration '{}': {} (bulk call); trying again item by item in {} ms", work.itemId(),
                    work.migration().name(), ItemMigrationException.describe(hideSensitive(work.migration(), failure.getValue())), wait);
        }
        sleep(delay);
    }

    /**
     * Gives the item its FAILED outcome for a failure no retry would cure: in the item route, and in bulk
     * mode for an item that fails before the write (its converter refused it), which is then recorded
     * with its chunk's other decided items exactly as the item route would record it.
     */
    void failedForGood(ItemWork work, Throwable cause) {
        Throwable shown = hideSensitive(work.migration(), cause);
        ItemMigrationException failure = shown instanceof ItemMigrationException e ? e
                : work.areTablesCommitted() ? ItemMigrationException.afterTables(work.migration().name(), work.itemId(), shown)
                : new ItemMigrationException(work.migration().name(), work.itemId(), work.isTransactionStarted(), shown);
        work.failed(failure);
        LOG.warn(failure.getMessage());
    }

    /** Called inside the item's transaction once its rows are written: the MIGRATED log row commits with them. */
    public void recordMigrated(@Variable("droverItem") ItemWork work) {
        work.migrated();
        log.record(loggedOutcome(work), work.hashOfLastSuccess(), true);
    }

    /**
     * Ends the item: records every outcome not recorded in the item's transaction (UNCHANGED, DRY_RUN,
     * FAILED after its rollback), reports it to its run and returns it as the reply.
     */
    public ItemOutcome finish(@Variable("droverItem") ItemWork work) {
        ItemOutcome outcome = outcome(work);
        try {
            if (work.isVerify()) {
                verifications.record(outcome);
            } else if (work.status() != ItemStatus.MIGRATED) {
                recordWithRetry(outcome, work);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not write the log row of {}: {}", outcome, ItemMigrationException.describe(e));
            outcome = failedOutcome(work, e);
        } finally {
            MDC.remove("drover.item");
            MDC.remove("drover.run");
        }
        metrics.finished(outcome);
        tracker.completed(outcome);
        return outcome;
    }

    /**
     * With sensitive columns declared, an error must not carry their values: a converter's error is
     * masked, and the database's "Detail:" lines (which quote whole rows and keys) are dropped.
     */
    static Throwable hideSensitive(Migration migration, Throwable cause) {
        if (migration.sensitiveColumns().isEmpty()) {
            return cause;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ItemDataException data) {
                return migration.sensitiveColumns().contains(data.column().toLowerCase(java.util.Locale.ROOT)) ? data.masked() : data;
            }
        }
        Throwable root = ItemMigrationException.rootCause(cause);
        String original = ItemMigrationException.messageOf(root);
        // the database quotes rows in Detail lines and values in its main line ("…: \"123-45-6789\"")
        String message = original.replaceAll("(?s)\\s*(Detail|Where|DETAIL):.*", "")
                .replaceAll(": \"[^\"]*\"", ": \"****\"").replaceAll("'[^']*'", "'****'");
        // a key's Detail names the columns the rule is about: they stay, their values go
        java.util.regex.Matcher key = KEY_DETAIL.matcher(original);
        if (key.find()) {
            message += " Detail: Key (" + key.group(1) + ")=(" + Masking.MASK + ") " + key.group(2) + ".";
        }
        return new ScrubbedException(root.getClass().getName(), message);
    }

    /** PostgreSQL's Detail of a unique or foreign key violation: "Key (email)=(a@b.c) already exists." */
    private static final java.util.regex.Pattern KEY_DETAIL = java.util.regex.Pattern.compile(
            "Detail: Key \\(([^)]*)\\)=\\(.*\\) (already exists|is not present in table \"[^\"]*\")", java.util.regex.Pattern.DOTALL);

    /** A database error with its row-quoting details removed; keeps the original class name for the log. */
    static final class ScrubbedException extends RuntimeException {
        private final String originalClass;

        ScrubbedException(String originalClass, String message) {
            super(message);
            this.originalClass = originalClass;
        }

        String originalClass() {
            return originalClass;
        }
    }

    /**
     * The log row of an outcome outlives a database restart: transient failures are tried again. When
     * the item's data itself cannot be stored in the log, the row is written without it, so the item
     * still has its status and reason.
     */
    private void recordWithRetry(ItemOutcome outcome, ItemWork work) {
        try {
            record(outcome, work);
        } catch (RuntimeException e) {
            if (outcome.sourceData() == null && outcome.destinationData() == null && outcome.diff() == null) {
                throw e;
            }
            record(withoutData(outcome, ItemMigrationException.describe(e)), work);
        }
    }

    private void record(ItemOutcome outcome, ItemWork work) {
        retry.call(() -> {
            log.record(outcome, work.hashOfLastSuccess(), !work.isDryRun());
            return null;
        });
    }

    private static ItemOutcome withoutData(ItemOutcome o, String why) {
        String note = "(its data could not be stored in the log: " + why + ")";
        return new ItemOutcome(o.runId(), o.migration(), o.itemId(), o.status(), o.attempt(), o.violations(), o.sourceHash(), null, null, null,
                o.errorClass(), o.error() == null ? note : o.error() + " " + note, o.rolledBack(), o.startedAt(), o.finishedAt());
    }

    /** The item's outcome, with its data (masked): the log row and the reply to the item endpoint's caller. */
    ItemOutcome outcome(ItemWork work) {
        return outcome(work, true);
    }

    /**
     * The outcome for its log row only (bulk mode, and the MIGRATED row written inside the item's transaction:
     * no caller gets these back): without the item's data where the compact log drops it, which spares
     * copying and masking every item's maps for nothing.
     */
    ItemOutcome loggedOutcome(ItemWork work) {
        return outcome(work, log.keepsDataOf(statusOf(work)));
    }

    private static ItemStatus statusOf(ItemWork work) {
        return work.status() == null ? ItemStatus.FAILED : work.status();
    }

    private ItemOutcome outcome(ItemWork work, boolean withData) {
        Throwable failure = work.failure();
        ItemStatus status = statusOf(work);
        java.util.Set<String> sensitive = work.migration().sensitiveColumns();
        Throwable root = failure == null ? null : ItemMigrationException.rootCause(failure);
        return new ItemOutcome(work.runId(), work.migration().name(), work.itemId(), status, work.attempt(),
                violations(work, sensitive),
                work.sourceHash(), !withData || work.getSource() == null ? null : Masking.mask(work.getSource().toMap(), sensitive),
                !withData ? null : work.delivered() != null ? Masking.mask(work.delivered(), sensitive)
                        : work.target() == null ? null : Masking.mask(JdbcValues.value(work.target().asMap()), sensitive),
                Masking.mask(work.diff(), sensitive),
                root == null ? null : root instanceof ScrubbedException s ? s.originalClass() : root.getClass().getName(),
                failure != null ? failure.getMessage() : status == ItemStatus.REJECTED ? rejection(work) : null,
                failure == null ? null : work.isTransactionStarted(),
                work.startedAt(), ItemWork.now());
    }

    private ItemOutcome failedOutcome(ItemWork work, RuntimeException e) {
        work.failed(new ItemMigrationException(work.migration().name(), work.itemId(), work.isTransactionStarted(), e));
        return outcome(work);
    }

    /** The reason of a REJECTED item: every error-level rule it broke, values of sensitive columns masked. */
    private static String rejection(ItemWork work) {
        StringBuilder text = new StringBuilder("Item " + work.itemId() + " of migration '" + work.migration().name()
                + "' was rejected by its quality rules, nothing of it was written:");
        String separator = " ";
        for (io.drover.quality.Violation v : work.violations()) {
            if (v.level() == io.drover.quality.Violation.Level.ERROR) {
                boolean hidden = isSensitive(v, work.migration().sensitiveColumns());
                text.append(separator).append("column '").append(v.column()).append("' breaks ").append(v.rule())
                        .append(" (value: ").append(hidden ? Masking.MASK : io.drover.pipeline.ItemDataException.quote(v.value()))
                        .append(v.detail() == null ? "" : "; " + v.detail()).append(")");
                separator = "; ";
            }
        }
        return text.toString();
    }

    private static List<Map<String, Object>> violations(ItemWork work, java.util.Set<String> sensitive) {
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (io.drover.quality.Violation v : work.violations()) {
            Map<String, Object> map = v.toMap();
            if (isSensitive(v, sensitive)) {
                map.put("value", Masking.MASK);
            }
            list.add(map);
        }
        return list.isEmpty() ? null : list;
    }

    /** A violation whose value must be hidden: "addresses[0].phone" is column phone. */
    private static boolean isSensitive(io.drover.quality.Violation v, java.util.Set<String> sensitive) {
        String column = v.column().replaceAll(".*[.\\]]", "").toLowerCase(java.util.Locale.ROOT);
        return v.value() != null && sensitive.contains(column);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean flag(Object value) {
        return value != null && Boolean.parseBoolean(value.toString());
    }
}
