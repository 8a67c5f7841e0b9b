package io.sextant.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sextant admin initial-password} (reads Secret sextant-initial-admin-secret through the
 * kubeconfig), {@code sextant admin dashboard} (serves the dashboard locally) and {@code sextant admin
 * notifications} ({@link AdminNotificationsCommand}).
 */
@Command(name = AdminCommand.NAME, description = "Administration commands.", mixinStandardHelpOptions = true)
class AdminCommand {

    /** Its subcommands, added by {@link SextantCli#commandLine(String...)} (only the one asked for, when it can tell). */
    static final List<Class<?>> SUBCOMMANDS =
            List.of(AdminCommand.InitialPassword.class, AdminCommand.Dashboard.class, AdminNotificationsCommand.class);

    static final String NAME = "admin";

    @Command(name = InitialPassword.NAME, description = "Print the initial admin password.")
    static class InitialPassword extends BaseCommand {

        static final String NAME = "initial-password";

        @Option(
                names = {"-n", "--namespace"},
                description = "Sextant's namespace (default: the login's, else sextant).")
        String namespace;

        @Option(names = "--kubeconfig")
        String kubeconfig;

        @Override
        public Integer call() {
            // Always through Kubernetes, as argocd does: the server never hands out the password.
            CliConfig c = CliConfig.load(configPath());
            String ns = namespace != null ? namespace : c != null && c.namespace != null ? c.namespace : "sextant";
            String kc = kubeconfig != null ? kubeconfig : c != null ? c.kubeconfig : null;
            KubernetesClasspath.ensure();
            {
                out().println(CoreBackends.initialPassword(kc, ns));
                out().println();
                out().println(" This password must be only used for first time login. Replace it with your own "
                        + "(a bcrypt hash in admin.password of Secret sextant-secret) and delete Secret "
                        + "sextant-initial-admin-secret.");
            }
            return 0;
        }

        @Override
        Integer run(Backend backend) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * {@code sextant admin dashboard [--port 8080] [--address 127.0.0.1]}: runs the packaged Sextant
     * server in the foreground against the current kubeconfig, serving the dashboard and the API on
     * loopback, as {@code argocd admin dashboard} does. It runs the server role only: the controller
     * keeps running wherever it runs (in the cluster), so two controllers never compete.
     */
    @Command(name = Dashboard.NAME, description = "Serve the dashboard locally against the current kubeconfig.")
    static class Dashboard extends BaseCommand {

        static final String NAME = "dashboard";

        @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default 8080).")
        int port;

        @Option(
                names = "--address",
                defaultValue = "127.0.0.1",
                description = "Address to listen on (default 127.0.0.1).")
        String address;

        @Option(names = "--kubeconfig")
        String kubeconfig;

        @Option(
                names = {"-n", "--namespace"},
                description = "Sextant's namespace (default: the login's, else sextant).")
        String namespace;

        @Override
        public Integer call() throws Exception {
            CliConfig c = CliConfig.load(configPath());
            String ns = namespace != null ? namespace : c != null && c.namespace != null ? c.namespace : "sextant";
            String kc = kubeconfig != null ? kubeconfig : c != null ? c.kubeconfig : null;
            Path server = serverJar();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.http.host=" + address,
                    "-Dsextant.roles=server",
                    "-Dsextant.namespace=" + ns,
                    "-Dsextant.embedded.testbed=never"));
            if (kc != null) {
                command.add("-Dsextant.kubeconfig=" + Path.of(kc).toAbsolutePath());
            }
            command.addAll(List.of("-jar", server.toString()));
            out().printf("Sextant dashboard: http://%s:%d (Ctrl-C stops it)%n", address, port);
            out().flush();
            Process process = new ProcessBuilder(command).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            return process.waitFor();
        }

        /** The packaged server beside the CLI's classes: {@code <build>/quarkus-app/quarkus-run.jar}. */
        static Path serverJar() throws URISyntaxException {
            Path classes = Path.of(Dashboard.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path jar = classes.getParent().resolve("quarkus-app").resolve("quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new CliException("the dashboard needs the packaged server, which is not built (" + jar
                        + "): run ./mvnw package -DskipTests first");
            }
            return jar;
        }

        @Override
        Integer run(Backend backend) {
            throw new UnsupportedOperationException();
        }
    }
}
