package io.sextant.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sextant.embedded.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives tests the real Kubernetes control plane of testbed/testbed, the way a Quarkus Dev
 * Service gives a database: started once per test JVM, or reused when one is already running
 * (started by hand with {@code testbed/testbed up}, which a developer may keep between runs).
 * A testbed this JVM started is stopped when the JVM exits; one it found running is left alone.
 */
public class TestbedResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: "false" leaves {@code sextant.kubeconfig} unset, for tests of the embedded default. */
    public static final String SET_KUBECONFIG = "set-kubeconfig";

    private static Testbed testbed;
    private static Path kubeconfig;

    private boolean setKubeconfig = true;

    @Override
    public void init(Map<String, String> initArgs) {
        setKubeconfig = !"false".equals(initArgs.get(SET_KUBECONFIG));
    }

    @Override
    public Map<String, String> start() {
        Path path = kubeconfig();
        return setKubeconfig ? Map.of("sextant.kubeconfig", path.toString()) : Map.of();
    }

    @Override
    public void stop() {
        // The testbed outlives one application start: other test classes reuse it.
    }

    /** The testbed's kubeconfig, starting it first if needed. */
    public static synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            testbed = testbed();
            boolean wasRunning = isRunning(testbed);
            kubeconfig = testbed.up();
            installCrds(testbed.binDir().resolve("kubectl"), kubeconfig);
            if (!wasRunning) {
                Runtime.getRuntime().addShutdownHook(new Thread(testbed::down, "testbed-down"));
            }
        }
        return kubeconfig;
    }

    /**
     * Sextant's CRDs and its namespace, as an install puts them there before Sextant starts: the
     * controller refuses to start on a cluster without the CRDs.
     */
    private static void installCrds(Path kubectl, Path kubeconfig) {
        String crds = ProjectPaths.root().resolve("deploy/k8s/crds").toString();
        run(
                kubectl.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "apply",
                "--server-side",
                "--force-conflicts",
                "--field-manager",
                "sextant",
                "-f",
                crds);
        // kubectl wait fails at once ("status.conditions accessor error") on a CRD the API server has not
        // given conditions yet, which happens on a testbed just started: ask again a few times.
        for (int attempt = 1; ; attempt++) {
            try {
                run(
                        kubectl.toString(),
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "wait",
                        "--for",
                        "condition=established",
                        "--timeout",
                        "60s",
                        "crd/applications.argoproj.io",
                        "crd/appprojects.argoproj.io");
                break;
            } catch (IllegalStateException e) {
                if (attempt >= 10 || !e.getMessage().contains("accessor error")) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        try {
            Path ns = Files.createTempFile("sextant-namespace", ".yaml");
            Files.writeString(ns, "apiVersion: v1\nkind: Namespace\nmetadata: {name: sextant}\n");
            run(
                    kubectl.toString(),
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "apply",
                    "--server-side",
                    "-f",
                    ns.toString());
            Files.delete(ns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The directory with the testbed's kubectl and kustomize. */
    public static synchronized Path binDir() {
        kubeconfig();
        return testbed.binDir();
    }

    /** The project's testbed with its default settings. */
    public static Testbed testbed() {
        return Testbed.of(ProjectPaths.root(), line -> System.err.println(line));
    }

    private static boolean isRunning(Testbed tb) {
        try {
            tb.run("status");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
