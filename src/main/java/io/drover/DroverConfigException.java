package io.drover;

/**
 * Bad usage or configuration, found before any item is touched. The message says what is wrong and how
 * to fix it; the command line turns it into exit code 2.
 */
public class DroverConfigException extends RuntimeException {

    public DroverConfigException(String message) {
        super(message);
    }

    public DroverConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
