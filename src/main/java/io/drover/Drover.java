package io.drover;

import io.drover.cli.DroverCommand;

/** Entry point of `java -jar target/drover.jar`: parses the command line and exits with its code. */
public final class Drover {

    private Drover() {
    }

    public static void main(String[] args) {
        int code = DroverCommand.execute(args, System.out, System.err);
        System.exit(code);
    }
}
