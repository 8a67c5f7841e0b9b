package io.sextant.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sextant.embedded.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second real control plane, for tests of clusters other than the one Sextant runs against: the same
 * testbed script and built binaries, its own state directory and ports (kube-apiserver on
 * https://127.0.0.1:16543). Started on first use in a test JVM and stopped when that JVM exits.
 */
public final class SecondTestbed {

    public static final int PORT_BASE = 16540;
    public static final String SERVER = "https://127.0.0.1:" + (PORT_BASE + 3);

    private static Testbed testbed;
    private static Path kubeconfig;

    private SecondTestbed() {
    }

    /** Its kubeconfig (cluster admin), starting it first if needed. */
    public static synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            Path home = Path.of(System.getProperty("user.home"), ".cache/sextant/testbed/run-second");
            testbed = new Testbed(ProjectPaths.root().resolve("testbed/testbed"),
                    Map.of("TESTBED_HOME", home.toString(), "TESTBED_PORT_BASE", Integer.toString(PORT_BASE),
                            "TESTBED_NODES", "1"),
                    line -> System.err.println("[second testbed] " + line));
            kubeconfig = testbed.up();
            Runtime.getRuntime().addShutdownHook(new Thread(testbed::down, "second-testbed-down"));
        }
        return kubeconfig;
    }

    /** An admin client of the second control plane; the caller closes it. */
    public static KubernetesClient adminClient() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig()))).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The certificate authority (PEM) the second control plane's serving certificate is signed by. */
    public static byte[] caPem() {
        try {
            String config = Files.readString(kubeconfig());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("certificate-authority-data:\\s*(\\S+)").matcher(config);
            if (m.find()) {
                return java.util.Base64.getDecoder().decode(m.group(1));
            }
            m = java.util.regex.Pattern.compile("certificate-authority:\\s*(\\S+)").matcher(config);
            if (m.find()) {
                return Files.readAllBytes(Path.of(m.group(1)));
            }
            throw new IllegalStateException("the second testbed's kubeconfig names no certificate authority");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
