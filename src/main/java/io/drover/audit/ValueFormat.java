package io.drover.audit;

import java.util.regex.Pattern;

/**
 * The formats the audit recognizes in text values, tried in this order: the first that matches names a
 * value's format. They describe what a column holds ("98 % day-first dates"), not whether it is valid.
 */
public enum ValueFormat {

    EMAIL("email", "[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}"),
    ISO_DATE("iso-date", "\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?"),
    DAY_FIRST_DATE("day-first-date", "\\d{1,2}/\\d{1,2}/\\d{4}"),
    NUMBER_IN_TEXT("number-in-text", "[-+]?\\d+([.,]\\d+)?"),
    // after NUMBER_IN_TEXT, so that a bare run of digits counts as a number; a phone has separators or a +
    PHONE("phone", "\\+?[\\d\\s().\\-/]{7,24}");

    private final String label;
    private final Pattern pattern;

    ValueFormat(String label, String regex) {
        this.label = label;
        this.pattern = Pattern.compile(regex);
    }

    /** The stable name used in the JSON report. */
    public String label() {
        return label;
    }

    /** The format of a text value (leading and trailing blanks ignored, as legacy padding is), or null. */
    public static ValueFormat of(String text) {
        String value = text.strip();
        if (value.isEmpty() || value.length() > 320) {
            return null;
        }
        int digits = digits(value);
        if (digits == 0) {
            // only an email can be without digits; most text is neither, and skips every pattern
            return value.indexOf('@') > 0 && EMAIL.pattern.matcher(value).matches() ? EMAIL : null;
        }
        for (ValueFormat format : values()) {
            if (format.plausible(value, digits) && format.pattern.matcher(value).matches()) {
                return format;
            }
        }
        return null;
    }

    /** A cheap look before the pattern: profiling runs this for every text value of the source. */
    private boolean plausible(String value, int digits) {
        return switch (this) {
            case EMAIL -> value.indexOf('@') > 0;
            case ISO_DATE -> value.length() >= 10 && value.charAt(4) == '-';
            case DAY_FIRST_DATE -> value.indexOf('/') > 0;
            case NUMBER_IN_TEXT -> digits >= value.length() - 2;
            case PHONE -> digits >= 7;
        };
    }

    private static int digits(String value) {
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }
}
