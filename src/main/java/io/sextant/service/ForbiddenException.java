package io.sextant.service;

/** The subject may not do this; the message never says whether the object exists. */
public class ForbiddenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException() {
        super("permission denied");
    }
}
