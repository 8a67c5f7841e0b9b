package io.sextant.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version Sextant reports ({@code /api/version}, {@code sextant version}), from the build's
 * {@code project.version}: one place, so the server, the CLI and the package never disagree.
 */
public final class BuildVersion {

    /** Argo's shape, {@code v<semver>+<build>}: clients that parse Argo's version read ours too. */
    public static final String VERSION = "v" + read().replace("-SNAPSHOT", "") + "+sextant";

    private BuildVersion() {}

    private static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/sextant-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("sextant-build.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
