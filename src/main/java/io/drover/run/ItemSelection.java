package io.drover.run;

import java.util.List;

/** Which items a batch run takes: given ids, every id, or the ids whose latest outcome is FAILED. */
public record ItemSelection(List<String> ids, boolean all, boolean retryFailed) {

    /** The given ids, each once: two attempts at one item at the same time would only race each other. */
    public static ItemSelection ofIds(List<String> ids) {
        return new ItemSelection(List.copyOf(new java.util.LinkedHashSet<>(ids)), false, false);
    }

    public static ItemSelection everything() {
        return new ItemSelection(List.of(), true, false);
    }

    public static ItemSelection failed() {
        return new ItemSelection(List.of(), false, true);
    }
}
