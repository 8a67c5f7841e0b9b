package io.sextant.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The settings each service type takes (Argo CD's operator-manual/notifications/services pages), checked when
 * the ConfigMap is read: an unknown field or a malformed value is refused by name, so a typo is a clear problem
 * and not a setting quietly ignored. URLs must be http(s); where they point is checked when sending
 * ({@link AddressGuard}).
 */
final class ServiceChecks {

    private static final Map<String, List<String>> FIELDS = Map.of(
            "webhook", List.of("url", "headers", "basicAuth", "insecureSkipVerify"),
            "email",
                    List.of("host", "port", "from", "username", "password", "html", "insecure_skip_verify", "startTLS"),
            "slack", List.of("token", "apiURL", "username", "icon", "insecureSkipVerify"));

    private ServiceChecks() {}

    static void check(String type, String name, JsonNode settings) {
        List<String> allowed = FIELDS.get(type);
        settings.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(type + " service " + name + ": Sextant does not support the field "
                        + f + " (it reads " + String.join(", ", allowed) + ")");
            }
        });
        switch (type) {
            case "webhook" -> {
                url(settings.path("url").asText(""), type, name, "url");
                JsonNode headers = settings.path("headers");
                if (!headers.isMissingNode() && !headers.isArray()) {
                    throw new IllegalArgumentException("webhook " + name + ": headers is a list of {name, value}");
                }
                for (JsonNode h : headers) {
                    if (h.path("name").asText("").isBlank()) {
                        throw new IllegalArgumentException("webhook " + name + ": a header has no name");
                    }
                }
            }
            case "slack" -> {
                if (settings.path("token").asText("").isBlank()) {
                    throw new IllegalArgumentException("slack service " + name + ": token is required");
                }
                if (settings.has("apiURL")) {
                    url(settings.path("apiURL").asText(""), type, name, "apiURL");
                }
            }
            case "email" -> {
                if (settings.path("host").asText("").isBlank()) {
                    throw new IllegalArgumentException("email service " + name + ": host is required");
                }
                if (settings.path("from").asText("").isBlank()) {
                    throw new IllegalArgumentException("email service " + name + ": from is required");
                }
                JsonNode port = settings.path("port");
                if (!port.isMissingNode() && !(port.canConvertToInt() && port.asInt() > 0 && port.asInt() < 65536)) {
                    throw new IllegalArgumentException("email service " + name + ": port is a number from 1 to 65535");
                }
            }
            default -> throw new IllegalArgumentException("unknown service type " + type);
        }
    }

    /** An absolute http(s) URL with a host; anything else is refused with what to write instead. */
    static URI url(String text, String type, String name, String field) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type + " " + name + ": " + field + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(type + " " + name + ": " + field
                    + " must be an http:// or https:// URL with a host, not " + AddressGuard.redact(text));
        }
        return uri;
    }
}
