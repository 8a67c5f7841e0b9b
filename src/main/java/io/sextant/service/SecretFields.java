package io.sextant.service;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads one field of a Secret, from {@code stringData} or else base64-decoded {@code data}. */
public final class SecretFields {

    private SecretFields() {}

    public static Optional<String> value(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().get(key) != null) {
            return Optional.of(s.getStringData().get(key));
        }
        if (s.getData() != null && s.getData().get(key) != null) {
            return Optional.of(new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
