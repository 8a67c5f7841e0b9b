package io.sextant.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command needs: its output streams, the stored login and the backend it points at.
 * Subclasses implement {@link #run(Backend)}; the backend is closed afterwards.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Path configPath() {
        Object root = spec.root().userObject();
        return CliConfig.location(root instanceof SextantCli cli ? cli.config : null);
    }

    /** The stored login, or an error telling how to log in. */
    CliConfig login() {
        return login(configPath());
    }

    static CliConfig login(Path configPath) {
        CliConfig c = CliConfig.load(configPath);
        if (c == null || (!c.core && c.server == null)) {
            throw new CliException(
                    "not logged in: run 'sextant login --core' or 'sextant login HOST --username U --password P'");
        }
        return c;
    }

    static Backend backend(CliConfig c) {
        if (c.core) {
            KubernetesClasspath.ensure();
            return CoreBackends.open(c.kubeconfig, c.namespace);
        }
        return new ServerBackend(c.server, c.plaintext, c.insecure, c.token);
    }

    @Override
    public Integer call() throws Exception {
        try (Backend backend = backend(login())) {
            Integer rc = run(backend);
            out().flush();
            return rc;
        }
    }

    abstract Integer run(Backend backend) throws Exception;
}
