package io.sextant.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Settings under {@code sextant.*} in application.properties, system properties or the
 * environment ({@code SEXTANT_NAMESPACE} ...). README.md documents each one.
 */
@ConfigMapping(prefix = "sextant")
public interface SextantConfig {

    /** The control-plane namespace that holds Applications, AppProjects and Sextant's settings. */
    @WithDefault("sextant")
    String namespace();

    /**
     * Further namespaces whose Applications the controller reconciles and the server serves (Argo CD's
     * {@code application.namespaces}): names and globs, comma-separated; empty (the default) for the
     * control-plane namespace only. An app there is still refused unless its AppProject lists the
     * namespace in {@code spec.sourceNamespaces}.
     */
    Optional<List<String>> applicationNamespaces();

    /**
     * A kubeconfig file to use instead of the usual lookup ({@code KUBECONFIG}, ~/.kube/config,
     * in-cluster service account).
     */
    Optional<String> kubeconfig();

    /** The embedded default of {@code ./mvnw quarkus:dev}. */
    Embedded embedded();

    /**
     * The roles this process plays: {@code server} (pages, API), {@code controller} (the reconcile loop) and
     * {@code applicationset} (the ApplicationSet controller); all three by default.
     */
    @WithDefault("server,controller,applicationset")
    Set<String> roles();

    /** The ApplicationSet controller. */
    ApplicationSetSettings applicationset();

    /** Bounds of the ApplicationSet controller. */
    interface ApplicationSetSettings {
        /**
         * The most Applications one ApplicationSet may generate: a set that would generate more changes
         * nothing and says so in its conditions.
         */
        @WithDefault("1000")
        int maxApps();

        /**
         * With several processes running the role: {@code on} elects one (Lease
         * {@code sextant-applicationset-leader}) and only it writes, {@code off} writes from every process,
         * {@code auto} is on when running in a Kubernetes pod.
         */
        @WithDefault("auto")
        ShardingMode leaderElection();
    }

    /** Notifications, sent by the controller role (ConfigMap sextant-notifications-cm says what and where). */
    Notifications notifications();

    interface Notifications {
        /** Whether the controller role sends notifications at all. */
        @WithDefault("true")
        boolean enabled();

        /** The bound of one delivery attempt (connect, send, answer). */
        @WithDefault("10s")
        java.time.Duration timeout();

        /** How many times a delivery that may pass (unreachable, timed out, 5xx, 429) is tried again. */
        @WithDefault("3")
        int retries();

        /** The wait before the first retry; it doubles for each next one. */
        @WithDefault("1s")
        java.time.Duration retryBackoff();
    }

    /**
     * Where a server without the controller role reads resource trees, diffs and rendered manifests:
     * the base URL of a controller process's HTTP port (in the install, Service
     * {@code sextant-application-controller}). Unset: such reads say this process runs no controller.
     */
    Optional<String> controllerUrl();

    /** The reconcile loop. */
    Controller controller();

    /** The repository cache. */
    Repo repo();

    /** Rendering with tools (Helm, Kustomize, Jsonnet). */
    Render render();

    /** HTTPS of the server (the certificate files themselves are {@code quarkus.http.ssl.*}). */
    Tls tls();

    /** Hooks for fault tests only; never set in a deployment. */
    Testing testing();

    interface Testing {
        /**
         * Where syncs hold so a test can stop the process there: {@code <point>@<application>,...} with the
         * points of the operation package's FaultPoint (read there from the system property; declared here so
         * the settings' validation accepts it).
         */
        Optional<String> faultPoints();
    }

    interface Tls {
        /** Make a self-signed certificate at start when none is given ({@link SelfSignedCertificate} acts on it). */
        @WithName("self-signed")
        @WithDefault("false")
        boolean selfSigned();
    }

    interface Render {
        /** The kustomize binary; unset: searched on PATH, then in the testbed's cache. */
        Optional<String> kustomizePath();

        /**
         * Sextant's confined Jsonnet evaluator ({@code sextant-jsonnet}, go-jsonnet with an importer that
         * serves only the repository; a plain {@code jsonnet} is refused); unset: searched on PATH, then in
         * the testbed's cache.
         */
        Optional<String> jsonnetPath();

        /** The helm binary (every Helm source renders with it); unset: searched like kustomize. */
        Optional<String> helmPath();

        /**
         * The address space one tool process (helm, kustomize, sextant-jsonnet) may have, through
         * {@code prlimit --as} (util-linux); a tool past it dies alone. At least 512M (Go tools do not
         * start below); 0 for no bound.
         */
        @WithDefault("1G")
        MemorySize toolMemory();

        /** The most one tool run (kustomize build, jsonnet, helm template) may take (Argo CD: 90 s). */
        @WithDefault("90s")
        Duration toolTimeout();

        /** Whether kustomizations may name remote (git or http) bases, which kustomize would fetch. */
        @WithDefault("false")
        boolean kustomizeRemoteBases();
    }

    interface Controller {
        /** Reconcile workers: Applications compared in parallel. */
        @WithDefault("4")
        int workers();

        /**
         * Default period of refreshes when sextant-cm has no {@code timeout.reconciliation}
         * (Argo's default, 180 s); a random jitter of up to 10 % spreads them out.
         */
        @WithDefault("180s")
        Duration reconciliationTimeout();

        /**
         * How long self-heal waits after the last sync before it syncs drift of the same revision
         * again (Argo's controller flag --self-heal-timeout-seconds, 5 s).
         */
        @WithDefault("5s")
        Duration selfHealTimeout();

        /**
         * Scale-out: {@code on} shares Applications among controller replicas through Leases,
         * {@code off} works on all of them, {@code auto} is on when running in a Kubernetes pod.
         */
        @WithDefault("auto")
        ShardingMode sharding();

        /** This replica's name among the controllers (its Lease's); unset: host name and process id. */
        Optional<String> replicaId();

        /**
         * The base URL of this replica's HTTP port as servers reach it (in the install {@code http://$(POD_IP):8080}):
         * written on its Lease, so a server reads an app's tree and diff from the replica that owns the app.
         * Unset: servers read from {@code sextant.controller-url}, which then must reach the owner (one replica).
         */
        Optional<String> advertiseUrl();

        /** How long a controller replica's Lease lasts without renewal before others take its Applications. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How often a controller replica renews its Lease (at most a third of the lease duration). */
        @WithDefault("5s")
        Duration leaseRenewPeriod();
    }

    enum ShardingMode {
        ON,
        OFF,
        AUTO
    }

    interface Repo {
        /** Where bare clones of repositories are kept between restarts. */
        @WithDefault("${user.home}/.cache/sextant/repos")
        String cacheDir();

        /**
         * JGit's network read timeout of one fetch: a Git server that stops sending for this long fails the
         * fetch (whole seconds, at least 1 s), so a hanging server costs one refresh this much, never forever.
         */
        @WithDefault("90s")
        Duration fetchTimeout();
    }

    interface Embedded {
        /**
         * {@code auto}: in dev mode, start the testbed when no Kubernetes is configured;
         * {@code always}: start it whatever is configured; {@code never}.
         */
        @WithDefault("auto")
        EmbeddedMode testbed();

        /** The testbed script, relative to the working directory (the project root in dev mode). */
        @WithDefault("testbed/testbed")
        String testbedScript();

        /** Loopback port of the demo git server started with the testbed. */
        @WithDefault("18081")
        int gitPort();
    }

    enum EmbeddedMode {
        AUTO,
        ALWAYS,
        NEVER
    }
}
