package io.sextant.service;

/** The Application (or a part of it, such as a history id) does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
