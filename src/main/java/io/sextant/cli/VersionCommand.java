package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.config.BuildVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sextant version [--client]}: the CLI's version and, when logged in to a server, the server's. */
@Command(name = VersionCommand.NAME, description = "Print the client and server versions.")
class VersionCommand implements Callable<Integer> {

    static final String NAME = "version";

    /** The same string the server's {@code /api/version} reports. */
    static final String VERSION = BuildVersion.VERSION;

    @Spec
    CommandSpec spec;

    @Option(names = "--client", description = "Only the client's version.")
    boolean clientOnly;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("sextant: " + VERSION);
        out.println("  Platform: " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        out.println("  JavaVersion: " + System.getProperty("java.version"));
        if (clientOnly) {
            return 0;
        }
        Object root = spec.root().userObject();
        CliConfig c = CliConfig.load(CliConfig.location(root instanceof SextantCli cli ? cli.config : null));
        if (c != null && !c.core && c.server != null) {
            JsonNode v = new ServerBackend(c.server, c.plaintext, c.insecure, c.token).serverVersion();
            out.println("sextant-server: " + v.path("Version").asText("unknown"));
        }
        out.flush();
        return 0;
    }

    /** For {@code sextant --version}. */
    static class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sextant " + VERSION};
        }
    }
}
