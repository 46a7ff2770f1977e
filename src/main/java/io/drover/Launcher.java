package io.drover;

import java.util.regex.Pattern;

/**
 * How the user started Drover, for the commands that hints print: bin/drover passes its own path as typed
 * (-Ddrover.command), so a hint can be pasted and run from where the user stands. Started any other way
 * (java -jar, the tests, an embedding application), hints name the launcher as the README does: bin/drover.
 */
public final class Launcher {

    public static final String PROPERTY = "drover.command";
    private static final String DEFAULT = "bin/drover";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    private Launcher() {
    }

    /** "bin/drover", or the launcher's path as typed, quoted for the shell when it needs to be. */
    public static String command() {
        String typed = System.getProperty(PROPERTY);
        if (typed == null || typed.isBlank()) {
            return DEFAULT;
        }
        return PLAIN.matcher(typed).matches() ? typed : "'" + typed.replace("'", "'\\''") + "'";
    }

    /** A command line to paste: the launcher followed by the arguments, e.g. "bin/drover migrate customers --retry-failed". */
    public static String hint(String arguments) {
        return command() + " " + arguments;
    }
}
