package io.sextant.notify;

import io.sextant.notify.NotificationSettings.Service;
import java.time.Duration;

/** Delivers a rendered notification through one type of service; blocking, bounded by {@code timeout}. */
interface Sender {

    void send(Service service, String recipient, Notification notification, Duration timeout) throws DeliveryException;

    /** A failed delivery: {@code retry} when trying again may help (unreachable, timed out, 5xx, 429). */
    final class DeliveryException extends Exception {
        private final boolean retry;

        DeliveryException(String message, boolean retry) {
            super(message);
            this.retry = retry;
        }

        boolean retry() {
            return retry;
        }
    }
}
