package io.sextant.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code sextant}: the root command and the {@code main} the {@code ./sextant} script runs. No
 * Quarkus here: a command starts in a fraction of a second.
 */
@Command(name = SextantCli.NAME, mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Sextant's command line: Argo CD's commands, with sextant in place of argocd.",
        subcommands = {LoginCommand.class, LogoutCommand.class, VersionCommand.class, AppCommand.class,
                AdminCommand.class, ProjCommand.class, ClusterCommand.class, RepoCommand.class})
public class SextantCli {

    public static final String NAME = "sextant";

    /** System property naming the editor for {@code app edit} (before $EDITOR): for tests, which cannot set env. */
    public static final String EDITOR_PROPERTY = "sextant.editor";

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Path to the config (default $SEXTANT_CONFIG, else ~/.config/sextant/config).")
    String config;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code (the relaunch into core mode calls this). */
    public static int execute(String[] args) {
        KubernetesClasspath.remember(args);
        return commandLine().execute(args);
    }

    /** The command line with Sextant's error handling: one line on stderr and exit code 1 for user errors. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SextantCli());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CliException) {
                err.println(e.getMessage());
            } else {
                err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            if (System.getenv("SEXTANT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }
}
