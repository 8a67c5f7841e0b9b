package io.sextant.notify;

import io.sextant.notify.NotificationSettings.Service;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The e-mail service (operator-manual/notifications/services/email) over Vert.x's SMTP client: {@code host},
 * {@code port} (25 by default; 465 is TLS from the start), {@code from}, {@code username}/{@code password} (AUTH
 * when a username is set), STARTTLS when the server offers it ({@code startTLS: true} requires it), certificates
 * verified unless {@code insecure_skip_verify}; the subject is the template's {@code email.subject}, the body its
 * {@code email.body} or else the message, as HTML when {@code html: true}. One client per distinct service
 * setting, closed when the setting changes.
 */
final class EmailSender implements Sender, AutoCloseable {

    private final Vertx vertx;
    private final Map<String, MailClient> clients = new ConcurrentHashMap<>();

    EmailSender(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void send(Service service, String recipient, Notification n, Duration timeout) throws DeliveryException {
        if (recipient == null || !recipient.matches("[^@\\s]+@[^@\\s]+")) {
            throw new DeliveryException(
                    "email " + service.name() + ": recipient '" + recipient
                            + "' is not an e-mail address (subscribe with the address as the value)",
                    false);
        }
        String key = service.settings().toString();
        if (!clients.containsKey(key) && clients.size() >= 16) {
            // Settings changed many times: the old clients are unused, so close them instead of keeping them.
            close();
        }
        MailClient client = clients.computeIfAbsent(key, k -> MailClient.create(vertx, config(service, timeout)));
        MailMessage m = new MailMessage()
                .setFrom(service.text("from"))
                .setTo(recipient)
                .setSubject(n.emailSubject() == null ? "" : n.emailSubject());
        String body = n.emailBody() != null && !n.emailBody().isEmpty() ? n.emailBody() : n.message();
        if (service.settings().path("html").asBoolean(false)) {
            m.setHtml(body == null ? "" : body);
        } else {
            m.setText(body == null ? "" : body);
        }
        try {
            client.sendMail(m).toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeliveryException(
                    "email " + service.name() + " (" + service.text("host") + ") did not answer within "
                            + timeout.toSeconds() + " s",
                    true);
        } catch (ExecutionException e) {
            String why = e.getCause() == null || e.getCause().getMessage() == null
                    ? String.valueOf(e.getCause())
                    : e.getCause().getMessage();
            boolean auth = why.toLowerCase(java.util.Locale.ROOT).contains("auth") || why.contains("535");
            throw new DeliveryException(
                    "email " + service.name() + " (" + service.text("host") + "): "
                            + (auth ? "the SMTP server refused the login: " : "") + why,
                    !auth);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("email " + service.name() + ": interrupted (stopping)", true);
        }
    }

    private static MailConfig config(Service s, Duration timeout) {
        int port = s.settings().path("port").asInt(25);
        MailConfig c = new MailConfig()
                .setHostname(s.text("host"))
                .setPort(port)
                .setSsl(port == 465)
                .setStarttls(
                        s.settings().path("startTLS").asBoolean(false)
                                ? StartTLSOptions.REQUIRED
                                : StartTLSOptions.OPTIONAL)
                .setTrustAll(s.settings().path("insecure_skip_verify").asBoolean(false))
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .setKeepAlive(false);
        String user = s.text("username");
        if (user != null && !user.isEmpty()) {
            c.setLogin(LoginOption.REQUIRED).setUsername(user).setPassword(s.text("password"));
        } else {
            c.setLogin(LoginOption.DISABLED);
        }
        return c;
    }

    @Override
    public void close() {
        clients.values().forEach(MailClient::close);
        clients.clear();
    }
}
