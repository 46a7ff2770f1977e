package io.drover.run;

import io.drover.pipeline.ItemStatus;
import java.util.List;

/**
 * Which items a run takes: given ids, every id, or the ids whose latest outcome is a status
 * (FAILED for --retry-failed, REJECTED for --retry-rejected).
 */
public record ItemSelection(List<String> ids, boolean all, ItemStatus retryStatus) {

    /** The given ids, each once: two attempts at one item at the same time would only race each other. */
    public static ItemSelection ofIds(List<String> ids) {
        return new ItemSelection(List.copyOf(new java.util.LinkedHashSet<>(ids)), false, null);
    }

    public static ItemSelection everything() {
        return new ItemSelection(List.of(), true, null);
    }

    public static ItemSelection withLatestStatus(ItemStatus status) {
        return new ItemSelection(List.of(), false, status);
    }
}
