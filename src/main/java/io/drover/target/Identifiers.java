package io.drover.target;

import io.drover.DroverConfigException;
import java.util.regex.Pattern;

/**
 * Table and column names come from configuration, never from data: they are checked against a strict
 * pattern and always quoted, so a name can never carry SQL.
 */
public final class Identifiers {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {
    }

    /** Checks a possibly schema-qualified name such as {@code public.customer}. */
    public static String check(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new DroverConfigException(what + " is empty");
        }
        for (String part : name.split("\\.", -1)) {
            if (!NAME.matcher(part).matches()) {
                throw new DroverConfigException(what + " '" + name + "' is not a valid SQL identifier: use letters, digits and"
                        + " underscores, optionally qualified by a schema (schema.table)");
            }
        }
        return name;
    }

    /**
     * Quotes one name exactly as the database's catalog gave it (never from configuration), whatever it
     * holds: embedded quotes are doubled, a dot stays part of the name.
     */
    public static String quoteAsRead(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a checked name, part by part. */
    public static String quote(String name) {
        StringBuilder quoted = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (quoted.length() > 0) {
                quoted.append('.');
            }
            quoted.append('"').append(part).append('"');
        }
        return quoted.toString();
    }
}
