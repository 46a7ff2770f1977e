package io.drover.verify;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Verdict counts of one verification run. */
public final class VerifyCounts {

    private final Map<Verdict, AtomicInteger> counts = new EnumMap<>(Verdict.class);

    public VerifyCounts() {
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, new AtomicInteger());
        }
    }

    public void add(Verdict verdict) {
        counts.get(verdict).incrementAndGet();
    }

    public int get(Verdict verdict) {
        return counts.get(verdict).get();
    }

    /** Items checked against the source (extra items are found in the target, not checked). */
    public int checked() {
        return get(Verdict.MATCH) + get(Verdict.MISSING) + get(Verdict.DIFFERENT) + get(Verdict.ERROR);
    }

    public int mismatches() {
        return checked() + get(Verdict.EXTRA) - get(Verdict.MATCH);
    }
}
