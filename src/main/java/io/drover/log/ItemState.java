package io.drover.log;

import io.drover.pipeline.ItemStatus;

/** The latest known state of an item (table item_state). */
public record ItemState(String sourceHash, ItemStatus lastStatus, int attempts) {

    /** True when the item last succeeded from exactly this source. */
    public boolean unchangedSince(String hash) {
        return hash.equals(sourceHash) && (lastStatus == ItemStatus.MIGRATED || lastStatus == ItemStatus.UNCHANGED);
    }
}
