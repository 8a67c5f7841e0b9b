package io.sextant.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sextant login --core} (Kubernetes through the kubeconfig) or {@code sextant login HOST --username
 * U --password P [--plaintext] [--insecure]} or {@code sextant login HOST --sso [--sso-port 8085]} (the REST
 * API; see {@link SsoLogin}). Checks the connection, then stores it.
 */
@Command(name = LoginCommand.NAME, description = "Log in to Sextant (a server, or --core: Kubernetes directly).")
class LoginCommand implements Callable<Integer> {

    static final String NAME = "login";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "host[:port] of the Sextant server.")
    String server;

    @Option(names = "--core", description = "Talk to Kubernetes directly through the kubeconfig, no server.")
    boolean core;

    @Option(names = "--username", description = "Account name (server mode).")
    String username;

    @Option(names = "--password", description = "Password (server mode).")
    String password;

    @Option(names = "--plaintext", description = "Use HTTP instead of HTTPS.")
    boolean plaintext;

    @Option(names = "--insecure", description = "Skip the server certificate check.")
    boolean insecure;

    @Option(names = "--sso", description = "Log in through the server's SSO provider in a browser.")
    boolean sso;

    @Option(
            names = "--sso-port",
            defaultValue = "8085",
            description = "Port of the local callback listener for --sso (default ${DEFAULT-VALUE}).")
    int ssoPort;

    @Option(
            names = {"-n", "--namespace"},
            description = "Core mode: the namespace Applications live in (default sextant).")
    String namespace;

    @Option(names = "--kubeconfig", description = "Core mode: the kubeconfig (default $KUBECONFIG or ~/.kube/config).")
    String kubeconfig;

    @Override
    public Integer call() {
        Object root = spec.root().userObject();
        var path = CliConfig.location(root instanceof SextantCli cli ? cli.config : null);
        CliConfig c = new CliConfig();
        if (core) {
            if (server != null) {
                throw new CliException("give either --core or a server, not both");
            }
            c.core = true;
            c.namespace = namespace == null ? "sextant" : namespace;
            c.kubeconfig = kubeconfig == null
                    ? null
                    : Path.of(kubeconfig).toAbsolutePath().toString();
            KubernetesClasspath.ensure();
            CoreBackends.check(c.kubeconfig, c.namespace);
            c.save(path);
            spec.commandLine()
                    .getOut()
                    .println("Logged in to Kubernetes directly (core mode), namespace " + c.namespace);
            return 0;
        }
        if (server == null) {
            throw new CliException(
                    "give the server to log in to (sextant login HOST --username U --password P), or --core");
        }
        c.server = server;
        c.plaintext = plaintext;
        c.insecure = insecure;
        if (sso) {
            var out = spec.commandLine().getOut();
            SsoLogin.Result r =
                    new SsoLogin().login(new ServerBackend(server, plaintext, insecure, null).settings(), ssoPort, out);
            c.token = r.token();
            c.save(path);
            out.println("'" + r.username() + "' logged in successfully");
            out.println("Context '" + server + "' updated");
            return 0;
        }
        if (username == null) {
            username = prompt("Username: ", false);
        }
        if (password == null) {
            password = prompt("Password: ", true);
        }
        c.token = new ServerBackend(server, plaintext, insecure, null).login(username, password);
        c.save(path);
        var out = spec.commandLine().getOut();
        out.println("'" + username + ":login' logged in successfully");
        out.println("Context '" + server + "' updated");
        return 0;
    }

    private static String prompt(String label, boolean secret) {
        var console = System.console();
        if (console == null) {
            throw new CliException("--username and --password are needed when not on a terminal");
        }
        return secret ? new String(console.readPassword(label)) : console.readLine(label);
    }
}
