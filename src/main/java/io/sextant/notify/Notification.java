package io.sextant.notify;

/**
 * One rendered notification for one recipient: the parts of the templates a trigger sends, merged in order (a
 * part a later template renders empty keeps the earlier one's text, as Argo CD merges them).
 */
public record Notification(
        String message,
        String emailSubject,
        String emailBody,
        String slackAttachments,
        String slackBlocks,
        String webhookMethod,
        String webhookPath,
        String webhookBody) {

    static Notification empty() {
        return new Notification(null, null, null, null, null, null, null, null);
    }

    /** This notification with {@code text} as its message. */
    Notification withMessage(String text) {
        return new Notification(
                text, emailSubject, emailBody, slackAttachments, slackBlocks, webhookMethod, webhookPath, webhookBody);
    }

    /** Whether some template had a {@code webhook.<service>} part. */
    boolean hasWebhookRequest() {
        return webhookMethod != null;
    }
}
