package io.sextant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What {@code sextant login} remembers: the server (or core mode), the token and the connection flags.
 * Stored as JSON (YAML's subset) at {@code --config}, else {@code $SEXTANT_CONFIG}, else
 * {@code ~/.config/sextant/config}, readable by its owner only (mode 0600): it holds a token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CliConfig {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
            Object tree = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).load(text);
            return JSON.convertValue(tree, CliConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read the config " + file + ": " + e.getMessage());
        }
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
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write the config " + file + ": " + e.getMessage());
        }
    }

}
