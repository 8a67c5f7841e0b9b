package io.sextant.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sextant.embedded.Testbed;
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
            if (!wasRunning) {
                Runtime.getRuntime().addShutdownHook(new Thread(testbed::down, "testbed-down"));
            }
        }
        return kubeconfig;
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
