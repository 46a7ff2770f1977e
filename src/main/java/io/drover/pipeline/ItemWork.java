package io.drover.pipeline;

import io.drover.log.ItemState;
import io.drover.migration.Migration;
import java.time.Instant;
import java.util.UUID;

/** The state of one item travelling through the pipeline, kept in the exchange variable {@code droverItem}. */
public final class ItemWork {

    private final Migration migration;
    private final UUID runId;
    private final Object id;
    private final boolean force;
    private final boolean dryRun;
    private final boolean verify;
    private final Instant startedAt = now();
    private SourceItem source;
    private String sourceHash;
    private ItemState previous;
    private TargetItem target;
    private Object diff;
    private Object delivered;
    private ItemStatus status;
    private Throwable failure;
    private boolean transactionStarted;
    /** Tables then API: this try's rows are committed, the API call comes next. */
    private boolean tablesCommitted;
    private boolean tryPending = true;
    private java.util.List<io.drover.quality.Violation> violations = java.util.List.of();
    private int tries;

    /**
     * The clock of item outcomes, to the microsecond that timestamptz keeps: the log and the state hold
     * exactly the instant the outcome carries, however the value reaches PostgreSQL (a bound Timestamp,
     * rounded by pgjdbc, or text, rounded by the server, which round a half microsecond differently).
     */
    static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public ItemWork(Migration migration, UUID runId, Object id, boolean force, boolean dryRun, boolean verify) {
        this.migration = migration;
        this.runId = runId;
        this.id = id;
        this.force = force;
        this.dryRun = dryRun || verify; // a verification is a dry run whose outcome is classified
        this.verify = verify;
    }

    /** A verification: previewed like a dry run, recorded in verification_result instead of migration_log. */
    public boolean isVerify() {
        return verify;
    }

    public Migration migration() {
        return migration;
    }

    public UUID runId() {
        return runId;
    }

    public Object id() {
        return id;
    }

    public String itemId() {
        return String.valueOf(id);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public boolean isForce() {
        return force;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public SourceItem getSource() {
        return source;
    }

    void loaded(SourceItem source, String sourceHash, ItemState previous) {
        this.source = source;
        this.sourceHash = sourceHash;
        this.previous = previous;
    }

    public String sourceHash() {
        return sourceHash;
    }

    public ItemState previous() {
        return previous;
    }

    /** True when the source is the same as at the item's last success and no rewrite is forced. */
    public boolean isUnchanged() {
        return status == ItemStatus.UNCHANGED;
    }

    /** True when the item broke an error-level quality rule: it is not converted nor written. */
    public boolean isRejected() {
        return status == ItemStatus.REJECTED;
    }

    public java.util.List<io.drover.quality.Violation> violations() {
        return violations;
    }

    void checked(io.drover.quality.QualityRules.Result quality) {
        this.source = quality.item();
        this.violations = quality.violations();
        if (quality.rejected()) {
            this.status = ItemStatus.REJECTED;
        }
    }

    public TargetItem target() {
        return target;
    }

    void converted(TargetItem target) {
        this.target = target;
    }

    /** An API migration's request and response, which its log row keeps as the destination data. */
    public Object delivered() {
        return delivered;
    }

    void delivered(Object call) {
        this.delivered = call;
    }

    public Object diff() {
        return diff;
    }

    public void previewed(Object diff) {
        this.diff = diff;
        this.status = ItemStatus.DRY_RUN;
    }

    public ItemStatus status() {
        return status;
    }

    void status(ItemStatus status) {
        this.status = status;
    }

    /** True while the item awaits a (first or further) try; the item route loops on it. */
    public boolean isTryPending() {
        return tryPending;
    }

    /** Starts a try: clears what an earlier, failed try left behind. */
    void beginTry() {
        tryPending = false;
        tries++;
        source = null;
        sourceHash = null;
        target = null;
        diff = null;
        delivered = null;
        status = null;
        failure = null;
        violations = java.util.List.of();
        transactionStarted = false;
        tablesCommitted = false;
    }

    /** Bulk mode: the chunk this item was written with rolled back; the item is to be written again. */
    void rolledBack() {
        status = null;
        transactionStarted = false;
    }

    int tries() {
        return tries;
    }

    /** The item could not even start (a malformed message): no try, straight to its FAILED outcome. */
    void failedAtStart(Throwable failure) {
        this.tryPending = false;
        failed(failure);
    }

    void retryLater() {
        tryPending = true;
    }

    public void transactionStarted() {
        this.transactionStarted = true;
    }

    /** Tables then API: the item's transaction committed its rows; what fails now rolls nothing back. */
    void tablesCommitted() {
        this.transactionStarted = false;
        this.tablesCommitted = true;
    }

    public boolean areTablesCommitted() {
        return tablesCommitted;
    }

    public boolean isTransactionStarted() {
        return transactionStarted;
    }

    public void migrated() {
        this.status = ItemStatus.MIGRATED;
    }

    void failed(Throwable failure) {
        this.failure = failure;
        this.status = ItemNotFoundException.isCauseOf(failure) ? ItemStatus.NOT_FOUND : ItemStatus.FAILED;
    }

    public Throwable failure() {
        return failure;
    }

    /** The attempt number this try gets: one more than the item's earlier attempts. */
    public int attempt() {
        return previous == null ? 1 : previous.attempts() + 1;
    }

    public String hashOfLastSuccess() {
        return previous == null ? null : previous.sourceHash();
    }
}
