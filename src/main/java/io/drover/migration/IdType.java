package io.drover.migration;

/** How item ids are typed when they arrive as text (command line, files, messages). */
public enum IdType {
    NUMBER, TEXT;

    /** The id as the source expects it; an id that cannot be read stays text and fails when loaded. */
    public Object parse(Object id) {
        if (id == null) {
            return null; // fails when loaded, as "matches no row", never as a crash of the route
        }
        if (this == TEXT) {
            return id.toString();
        }
        if (id instanceof Number number) {
            try {
                return new java.math.BigDecimal(number.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException notWhole) {
                return id.toString(); // fails when loaded, as "must be a number", instead of becoming another item
            }
        }
        try {
            return Long.parseLong(id.toString().trim());
        } catch (NumberFormatException e) {
            return id.toString();
        }
    }

    /** Why an id that {@link #parse} left as text is no id of type number, for the item's error. */
    public static String notANumber(Object id) {
        return String.valueOf(id).trim().matches("-?[0-9]+(\\.0*)?")
                ? "is a whole number beyond the 64-bit range of idType number (declare idType text for such ids)"
                : "must be a number (idType number)";
    }

    /** The same text for the same id whatever type a driver returned it as: 7, 7L and 7.0 all give "7". */
    public static String key(Object id) {
        if (id instanceof Number number) {
            try {
                return new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException notFinite) {
                return number.toString();
            }
        }
        return String.valueOf(id);
    }

    public static IdType of(String migration, String value) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new io.drover.DroverConfigException("migration '" + migration + "': idType '" + value
                    + "' is unknown; use 'number' or 'text'");
        }
    }
}
