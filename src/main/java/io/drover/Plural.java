package io.drover;

/** A count with its noun in the right number, for what Drover prints: "1 item", "2 items", "0 items". */
public final class Plural {

    private Plural() {
    }

    /** The count and the noun, with an "s" unless the count is one. */
    public static String of(long count, String singular) {
        return of(count, singular, singular + "s");
    }

    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

}
