package io.sextant.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sextant logout [SERVER]}: revokes the token on the server (when it has sessions) and forgets the login. */
@Command(name = LogoutCommand.NAME, description = "Log out: forget the stored login.")
class LogoutCommand implements Callable<Integer> {

    static final String NAME = "logout";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Accepted for argocd compatibility.")
    String server;

    @Override
    public Integer call() throws Exception {
        Object root = spec.root().userObject();
        var path = CliConfig.location(root instanceof SextantCli cli ? cli.config : null);
        CliConfig c = CliConfig.load(path);
        if (c == null) {
            spec.commandLine().getOut().println("Not logged in");
            return 0;
        }
        if (!c.core && c.server != null && c.token != null) {
            try {
                new ServerBackend(c.server, c.plaintext, c.insecure, c.token).logout();
            } catch (CliException e) {
                spec.commandLine().getErr().println("warning: the server did not revoke the token: " + e.getMessage());
            }
        }
        Files.deleteIfExists(path);
        spec.commandLine().getOut().println("Logged out from '" + (c.core ? "kubernetes (core)" : c.server) + "'");
        return 0;
    }
}
