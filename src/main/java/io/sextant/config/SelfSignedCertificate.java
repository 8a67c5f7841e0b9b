package io.sextant.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A self-signed certificate made at start when {@code sextant.tls.self-signed=true} and no certificate
 * file is given (or the one named does not exist yet), as Argo CD's server makes one when
 * {@code argocd-server-tls} is absent: HTTPS works from the first start, and a real certificate replaces
 * it by mounting one and restarting. The certificate (EC P-256, one year) names localhost, 127.0.0.1,
 * ::1, this host's name and {@code sextant-server[.<namespace>[.svc]]}; its key lives only in a private
 * directory under {@code java.io.tmpdir} and is made anew at every start.
 *
 * <p>This is a SmallRye {@link ConfigSourceFactory} because Quarkus reads
 * {@code quarkus.http.ssl.certificate.*} when it opens its listeners, before any bean runs; its source
 * outranks the environment only for those two names and only when the given file is missing. The JRE's
 * {@code keytool} makes the key pair (no certificate code of our own); the PKCS#12 store it writes is
 * turned into the PEM files Quarkus reads.
 */
public final class SelfSignedCertificate implements ConfigSourceFactory {

    public static final String ENABLED = "sextant.tls.self-signed";
    static final String CERT_FILES = "quarkus.http.ssl.certificate.files";
    static final String KEY_FILES = "quarkus.http.ssl.certificate.key-files";

    /** The SHA-256 fingerprint of the certificate made at this start, for the start-up log; null if none. */
    private static volatile String madeFingerprint;

    private static Path made;

    public static String madeFingerprint() {
        return madeFingerprint;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue enabled = context.getValue(ENABLED);
        if (enabled == null
                || !"true".equalsIgnoreCase(String.valueOf(enabled.getValue()).trim())) {
            return List.of();
        }
        ConfigValue given = context.getValue(CERT_FILES);
        if (given != null
                && given.getValue() != null
                && !given.getValue().isBlank()
                && Files.isRegularFile(Path.of(given.getValue().split(",")[0].trim()))) {
            return List.of();
        }
        Path dir;
        synchronized (SelfSignedCertificate.class) {
            // Quarkus may build its configuration more than once in a start: one certificate a process.
            if (made == null) {
                ConfigValue ns = context.getValue("sextant.namespace");
                made = make(hosts(ns == null ? null : ns.getValue()));
            }
            dir = made;
        }
        // Above the environment (300) and system properties (400): the file they name is missing.
        return List.of(new PropertiesConfigSource(
                Map.of(
                        CERT_FILES,
                        dir.resolve("tls.crt").toString(),
                        KEY_FILES,
                        dir.resolve("tls.key").toString()),
                "sextant self-signed certificate",
                450));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(100);
    }

    static Set<String> hosts(String namespace) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "sextant-server"));
        if (namespace != null && namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            names.add("sextant-server." + namespace);
            names.add("sextant-server." + namespace + ".svc");
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host.matches("[A-Za-z0-9]([-.A-Za-z0-9]*[A-Za-z0-9])?")) {
                names.add(host);
            }
        } catch (IOException e) {
            // no host name: the others will do
        }
        return names;
    }

    /** Makes the key pair and certificate; returns the private directory holding tls.crt and tls.key. */
    static Path make(Set<String> hosts) {
        try {
            Path dir = Files.createTempDirectory(
                    "sextant-tls-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path store = dir.resolve("self-signed.p12");
            char[] password = HexFormat.of()
                    .formatHex(new SecureRandom().generateSeed(16))
                    .toCharArray();
            List<String> san = new ArrayList<>();
            hosts.forEach(h -> san.add("dns:" + h));
            san.add("ip:127.0.0.1");
            san.add("ip:::1");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            ProcessBuilder pb = new ProcessBuilder(
                            keytool.toString(),
                            "-genkeypair",
                            "-alias",
                            "sextant",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-sigalg",
                            "SHA256withECDSA",
                            "-validity",
                            "365",
                            "-dname",
                            "CN=localhost, O=Sextant (self-signed at start)",
                            "-ext",
                            "SAN=" + String.join(",", san),
                            "-keystore",
                            store.toString(),
                            "-storetype",
                            "PKCS12",
                            "-storepass:env",
                            "SEXTANT_KS_PASS")
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // The password goes by environment, never on a command line others can list.
            pb.environment().put("SEXTANT_KS_PASS", new String(password));
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool could not make a self-signed certificate: " + out.strip());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, password);
            }
            PrivateKey key = (PrivateKey) ks.getKey("sextant", password);
            X509Certificate cert = (X509Certificate) ks.getCertificate("sextant");
            Files.delete(store);
            Path keyFile = Files.createFile(
                    dir.resolve("tls.key"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", cert.getEncoded()));
            madeFingerprint = HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a self-signed certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a self-signed certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the self-signed certificate keytool made", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
