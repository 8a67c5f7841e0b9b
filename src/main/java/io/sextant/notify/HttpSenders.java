package io.sextant.notify;

import io.sextant.notify.NotificationSettings.Service;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The webhook and Slack services (operator-manual/notifications/services/webhook and slack), over the JDK's HTTP
 * client. A webhook gets the {@code webhook.<name>} request of the templates (method, path appended to the
 * service's url, body), or, when no template has one, the message as the body of a GET, as Argo CD sends it;
 * headers and basic auth from the service. Slack gets a form POST to {@code <apiURL>chat.postMessage}
 * ({@code https://slack.com/api/} by default) with the token, channel, text, attachments and blocks, and its
 * answer's {@code ok} is checked. Certificates are verified unless the service sets {@code insecureSkipVerify}.
 */
final class HttpSenders {

    private static final String SLACK_API = "https://slack.com/api/";

    private final HttpClient verified;
    private final HttpClient unverified;
    private final AddressGuard guard;

    HttpSenders(AddressGuard guard) {
        this.guard = guard;
        this.verified = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.unverified = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trustAll())
                .build();
    }

    Sender webhook() {
        return (service, recipient, n, timeout) -> {
            URI base = ServiceChecks.url(service.text("url"), "webhook", service.name(), "url");
            String url = base.toString();
            if (n.hasWebhookRequest()
                    && n.webhookPath() != null
                    && !n.webhookPath().isBlank()) {
                url = url.replaceAll("/+$", "") + "/" + n.webhookPath().replaceAll("^/+", "");
            }
            URI target = URI.create(url);
            guarded(target, "webhook " + service.name());
            String method = n.hasWebhookRequest() ? n.webhookMethod() : "GET";
            String body = n.hasWebhookRequest() ? n.webhookBody() : n.message();
            HttpRequest.Builder req = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .method(
                            method,
                            body == null || body.isEmpty()
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            service.settings()
                    .path("headers")
                    .forEach(h ->
                            req.header(h.path("name").asText(), h.path("value").asText("")));
            if (service.settings().has("basicAuth")) {
                String user =
                        service.settings().path("basicAuth").path("username").asText("");
                String pass =
                        service.settings().path("basicAuth").path("password").asText("");
                req.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
            }
            Answer res = exchange(client(service), req.build(), "webhook " + service.name(), target);
            if (res.statusCode() / 100 != 2) {
                throw new Sender.DeliveryException(
                        "webhook " + service.name() + " (" + AddressGuard.redact(url) + ") answered HTTP "
                                + res.statusCode(),
                        res.statusCode() >= 500 || res.statusCode() == 429);
            }
        };
    }

    Sender slack() {
        return (service, recipient, n, timeout) -> {
            String api = service.text("apiURL") == null ? SLACK_API : service.text("apiURL");
            URI base = ServiceChecks.url(api, "slack", service.name(), "apiURL");
            URI target = URI.create(base.toString().replaceAll("/+$", "") + "/chat.postMessage");
            guarded(target, "slack " + service.name());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("token", service.text("token"));
            form.put("channel", recipient);
            form.put("text", n.message() == null ? "" : n.message());
            if (service.text("username") != null) {
                form.put("username", service.text("username"));
            }
            String icon = service.text("icon");
            if (icon != null) {
                form.put(icon.matches("^:.+:$") ? "icon_emoji" : "icon_url", icon);
            }
            if (n.slackAttachments() != null && !n.slackAttachments().isBlank()) {
                form.put("attachments", n.slackAttachments());
            }
            if (n.slackBlocks() != null && !n.slackBlocks().isBlank()) {
                form.put("blocks", n.slackBlocks());
            }
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                    .append(k)
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            HttpRequest req = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Bearer " + service.text("token"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            Answer res = exchange(client(service), req, "slack " + service.name(), target);
            if (res.statusCode() / 100 != 2) {
                throw new Sender.DeliveryException(
                        "slack " + service.name() + " answered HTTP " + res.statusCode(),
                        res.statusCode() >= 500 || res.statusCode() == 429);
            }
            String answer = res.body() == null ? "" : res.body();
            if (!answer.replace(" ", "").contains("\"ok\":true")) {
                String error = answer.replaceAll("(?s).*\"error\"\\s*:\\s*\"([^\"]{0,80})\".*", "$1");
                throw new Sender.DeliveryException(
                        "slack " + service.name() + " refused the message: "
                                + (error.equals(answer) ? "no ok in its answer" : error),
                        false);
            }
        };
    }

    private void guarded(URI target, String what) throws Sender.DeliveryException {
        try {
            guard.check(target, what);
        } catch (IllegalArgumentException e) {
            throw new Sender.DeliveryException(e.getMessage(), false);
        }
    }

    private HttpClient client(Service service) {
        return service.settings().path("insecureSkipVerify").asBoolean(false) ? unverified : verified;
    }

    /** An endpoint's answer: its status and at most {@value #MAX_ANSWER} bytes of its body. */
    private record Answer(int statusCode, String body) {}

    /** How much of an answer is read (Slack's {@code ok} is near the start); the rest is not waited for. */
    static final int MAX_ANSWER = 4096;

    /**
     * Sends and reads the answer within {@code timeout} in all (connect, headers and body: an endpoint that
     * trickles its answer is cut off too).
     */
    private static Answer exchange(HttpClient client, HttpRequest req, String what, URI target)
            throws Sender.DeliveryException {
        Duration timeout = req.timeout().orElse(Duration.ofSeconds(10));
        java.util.concurrent.CompletableFuture<Answer> answer = client.sendAsync(
                        req, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> new Answer(r.statusCode(), readCapped(r.body())));
        try {
            return answer.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            throw new Sender.DeliveryException(
                    what + " (" + AddressGuard.redact(target.toString()) + ") did not answer within "
                            + timeout.toSeconds() + " s",
                    true);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new Sender.DeliveryException(
                        what + " (" + AddressGuard.redact(target.toString()) + ") did not answer within "
                                + timeout.toSeconds() + " s",
                        true);
            }
            throw new Sender.DeliveryException(
                    what + " (" + AddressGuard.redact(target.toString())
                            + ") cannot be reached: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new Sender.DeliveryException(what + ": interrupted (stopping)", true);
        }
    }

    private static String readCapped(java.io.InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_ANSWER);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
