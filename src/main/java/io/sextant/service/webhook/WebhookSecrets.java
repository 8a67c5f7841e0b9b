package io.sextant.service.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook against {@code webhook.<provider>.secret} (from sextant-secret): GitHub's
 * {@code X-Hub-Signature-256} (HMAC-SHA256 of the body, or the older SHA-1 {@code X-Hub-Signature}),
 * GitLab's {@code X-Gitlab-Token}, Gogs' {@code X-Gogs-Signature} (HMAC-SHA256, hex), Bitbucket
 * Server's {@code X-Hub-Signature}, Bitbucket Cloud's {@code X-Hook-UUID}. No secret configured: every
 * request passes, as in Argo CD. Comparisons take constant time.
 */
public final class WebhookSecrets {

    private WebhookSecrets() {}

    /** @throws WebhookException 401 when a secret is configured and the request does not prove it */
    public static void verify(String provider, String secret, Map<String, String> headers, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        boolean ok = switch (provider) {
            case "github" ->
                headers.containsKey("x-hub-signature-256")
                        ? equal(headers.get("x-hub-signature-256"), "sha256=" + hmac("HmacSHA256", secret, body))
                        : equal(headers.get("x-hub-signature"), "sha1=" + hmac("HmacSHA1", secret, body));
            case "gitlab" -> equal(headers.get("x-gitlab-token"), secret);
            case "gogs" -> equal(headers.get("x-gogs-signature"), hmac("HmacSHA256", secret, body));
            case "bitbucketserver" ->
                equal(headers.get("x-hub-signature"), "sha256=" + hmac("HmacSHA256", secret, body));
            case "bitbucket" -> equal(headers.get("x-hook-uuid"), secret);
            default -> false;
        };
        if (!ok) {
            throw new WebhookException(
                    401, "the " + provider + " webhook signature does not match webhook." + provider + ".secret");
        }
    }

    private static boolean equal(String given, String expected) {
        return given != null
                && MessageDigest.isEqual(
                        given.trim().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static String hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }
}
