package io.sextant.embedded;

/** The testbed could not be started or queried; the message says why and what to do. */
public class TestbedException extends RuntimeException {
    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
