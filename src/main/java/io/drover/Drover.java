package io.drover;

import io.drover.cli.DroverCommand;

/** Entry point of `java -jar target/drover.jar`: parses the command line and exits with its code. */
public final class Drover {

    private Drover() {
    }

    /** The command line's logging: a library ships no logback.xml, so an embedding application keeps its own. */
    static final String CLI_LOGGING = "drover/logback-cli.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CLI_LOGGING); // before the first logger exists
        }
        int code = DroverCommand.execute(args, System.out, System.err);
        System.exit(code);
    }
}
