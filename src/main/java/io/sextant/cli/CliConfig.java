package io.sextant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@code sextant login} remembers: the server (or core mode), the token and the connection flags.
 * Stored as JSON (YAML's subset) at {@code --config}, else {@code $SEXTANT_CONFIG}, else
 * {@code ~/.config/sextant/config}, readable by its owner only (mode 0600): it holds a token.
 * Every command reads it, so the JSON that {@link #save} writes is read field by field with jackson-core
 * (no SnakeYAML, no {@link ObjectMapper}: a fifth of a command's start-up); anything else, a hand-written
 * YAML file say, goes through SnakeYAML and Jackson's binding as before.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CliConfig {

    /** Created on first use: reading the config's usual JSON does without it. */
    private static final class Mapper {
        static final ObjectMapper JSON =
                new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** {@code host[:port]} of the Sextant server; null in core mode. */
    public String server;

    public boolean core;
    public String token;
    public boolean plaintext;
    public boolean insecure;
    /** Core mode: the control-plane namespace (default {@code sextant}). */
    public String namespace;
    /** Core mode: the kubeconfig file; null for the default ({@code $KUBECONFIG}, {@code ~/.kube/config}). */
    public String kubeconfig;

    /** The file to use: the explicit one, else $SEXTANT_CONFIG, else ~/.config/sextant/config. */
    public static Path location(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String env = System.getenv("SEXTANT_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".config", "sextant", "config");
    }

    /** The stored config, or null when there is none (not logged in). */
    public static CliConfig load(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return null;
            }
            CliConfig plain = readJson(text);
            if (plain != null) {
                return plain;
            }
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return Mapper.JSON.convertValue(tree, CliConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read the config " + file + ": " + e.getMessage());
        }
    }

    /**
     * The config from a JSON object of this class's fields (strings or null, booleans), unknown fields
     * skipped; null when the text is anything else, for the YAML reader to read or refuse as it always has.
     * A field added to this class must be added here too ({@code CliConfigTest} compares both readers).
     */
    static CliConfig readJson(String text) {
        if (!text.stripLeading().startsWith("{")) {
            return null;
        }
        CliConfig c = new CliConfig();
        try (JsonParser p = Json.parser(text)) {
            p.nextToken();
            JsonToken t = p.nextToken();
            for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "server" -> c.server = string(p, value);
                    case "token" -> c.token = string(p, value);
                    case "namespace" -> c.namespace = string(p, value);
                    case "kubeconfig" -> c.kubeconfig = string(p, value);
                    case "core" -> c.core = bool(value);
                    case "plaintext" -> c.plaintext = bool(value);
                    case "insecure" -> c.insecure = bool(value);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return c;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String string(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }

    private static boolean bool(JsonToken value) {
        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException("not a boolean");
        }
        return value == JsonToken.VALUE_TRUE;
    }

    /** Writes the config, owner-only. */
    public void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, ".config", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's protection is all there is
            }
            Files.writeString(tmp, Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write the config " + file + ": " + e.getMessage());
        }
    }
}
