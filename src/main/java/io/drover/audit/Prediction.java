package io.drover.audit;

import io.drover.pipeline.ItemStatus;
import io.drover.pipeline.SourceItem;
import io.drover.quality.Violation;
import java.util.List;

/**
 * What migrating one item would give: MIGRATED, REJECTED with the error-level rules it breaks, or
 * FAILED with a reason that is the same for every item failing the same way (no item id, no value).
 *
 * @param cleansed the item after its cleansing steps; null when it could not be loaded
 */
record Prediction(ItemStatus status, List<Violation> errors, String reason, SourceItem cleansed) {

    /** Whether the item breaks no error-level rule: only such items can hold a unique value. */
    boolean passesRules() {
        return errors.isEmpty();
    }
}
