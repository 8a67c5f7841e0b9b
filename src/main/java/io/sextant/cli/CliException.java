package io.sextant.cli;

/** A failure the user can act on: its message is printed as it is, on one line, and the exit code is 1. */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
