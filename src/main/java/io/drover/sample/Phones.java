package io.drover.sample;

import io.drover.pipeline.ItemDataException;

/** Normalizes the sample's phone formats to E.164: North American numbers without a prefix get +1, 00 becomes +. */
final class Phones {

    // compiled once, not at every call
    private static final java.util.regex.Pattern PUNCTUATION = java.util.regex.Pattern.compile("[\\s().\\-]");
    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");

    private Phones() {
    }

    static String toE164(String column, String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String trimmed = phone.trim();
        // "+44 (0)20 …": the (0) is the national trunk prefix, dialled only from inside the country
        String digits = PUNCTUATION.matcher(trimmed.replace("(0)", "")).replaceAll("");
        String e164;
        if (digits.startsWith("+")) {
            e164 = digits;
        } else if (digits.startsWith("00")) {
            e164 = "+" + digits.substring(2);
        } else if (digits.length() == 10) {
            e164 = "+1" + digits;
        } else {
            throw new ItemDataException(column, "is not a phone number Drover can read as E.164", phone);
        }
        if (!E164.matcher(e164).matches()) {
            throw new ItemDataException(column, "is not a valid E.164 phone number", phone);
        }
        return e164;
    }
}
