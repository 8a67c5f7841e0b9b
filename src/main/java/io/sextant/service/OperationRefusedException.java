package io.sextant.service;

/** An operation the Application's state does not allow now; the message says what to change. */
public class OperationRefusedException extends RuntimeException {

    public OperationRefusedException(String message) {
        super(message);
    }
}
