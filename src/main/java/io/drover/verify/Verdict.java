package io.drover.verify;

import io.drover.log.ItemOutcome;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemStatus;
import java.util.List;
import java.util.Map;

/** What the verification of one item found. */
public enum Verdict {
    /** The target holds exactly what the conversion of the current source gives. */
    MATCH,
    /** The item's root row is not in the target. */
    MISSING,
    /** The target differs: changed columns, or child rows too many or too few (drift, or a source change not migrated yet). */
    DIFFERENT,
    /** In the target, but no longer in the source. */
    EXTRA,
    /** The item could not be checked: its source does not convert, or its rows do not fit the target. */
    ERROR;

    public boolean mismatch() {
        return this != MATCH;
    }

    /** Classifies a previewed item by the changes its migration would make to the target now. */
    @SuppressWarnings("unchecked")
    public static Verdict of(ItemOutcome outcome, Migration migration) {
        if (outcome.status() != ItemStatus.DRY_RUN) {
            return ERROR;
        }
        List<Map<String, Object>> changes = outcome.diff() instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        if (changes.isEmpty()) {
            return MATCH;
        }
        String root = migration.isApi() ? io.drover.pipeline.ApiWriter.RESOURCE : migration.targets().get(0).table();
        boolean rootMissing = changes.stream().anyMatch(c -> root.equals(c.get("table")) && "insert".equals(c.get("change")));
        return rootMissing ? MISSING : DIFFERENT;
    }
}
