package io.drover.sample;

import io.drover.pipeline.ItemDataException;

/** Normalizes the sample's phone formats to E.164: North American numbers without a prefix get +1, 00 becomes +. */
final class Phones {

    private Phones() {
    }

    static String toE164(String column, String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String trimmed = phone.trim();
        // "+44 (0)20 …": the (0) is the national trunk prefix, dialled only from inside the country
        String digits = trimmed.replace("(0)", "").replaceAll("[\\s().\\-]", "");
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
        if (!e164.matches("\\+[1-9][0-9]{6,14}")) {
            throw new ItemDataException(column, "is not a valid E.164 phone number", phone);
        }
        return e164;
    }
}
