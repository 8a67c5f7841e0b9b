package io.sextant.service.webhook;

/** A webhook request Sextant refuses; {@link #status()} is the HTTP status to answer with. */
public class WebhookException extends RuntimeException {

    private final int status;

    public WebhookException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
