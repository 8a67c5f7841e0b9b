package io.sextant.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code sextant}: the root command and the {@code main} the {@code ./sextant} script runs. No
 * Quarkus here: a command starts in a fraction of a second.
 */
@Command(
        name = SextantCli.NAME,
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Sextant's command line: Argo CD's commands, with sextant in place of argocd.")
public class SextantCli {

    public static final String NAME = "sextant";

    /** System property naming the editor for {@code app edit} (before $EDITOR): for tests, which cannot set env. */
    public static final String EDITOR_PROPERTY = "sextant.editor";

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Path to the config (default $SEXTANT_CONFIG, else ~/.config/sextant/config).")
    String config;

    /** The top-level commands, and the subcommands of those that are groups. */
    static final List<Class<?>> COMMANDS = List.of(
            LoginCommand.class,
            LogoutCommand.class,
            VersionCommand.class,
            AppCommand.class,
            AdminCommand.class,
            ProjCommand.class,
            ApplicationSetCommand.class,
            ClusterCommand.class,
            RepoCommand.class);

    static final Map<Class<?>, List<Class<?>>> GROUPS = Map.of(
            AppCommand.class,
            AppCommand.SUBCOMMANDS,
            AdminCommand.class,
            AdminCommand.SUBCOMMANDS,
            ProjCommand.class,
            ProjCommand.SUBCOMMANDS,
            ApplicationSetCommand.class,
            ApplicationSetCommand.SUBCOMMANDS,
            ClusterCommand.class,
            ClusterCommand.SUBCOMMANDS,
            RepoCommand.class,
            RepoCommand.SUBCOMMANDS);

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (Throwable e) {
            // Always exit: a client that started an HTTP event loop (non-daemon threads) would
            // otherwise keep the JVM, and the shell waiting on it, alive after the error.
            System.err.println("sextant: internal error: " + e);
            code = 2;
        }
        System.exit(code);
    }

    /** Runs one command line and returns its exit code (the relaunch into core mode calls this). */
    public static int execute(String[] args) {
        KubernetesClasspath.remember(args);
        Integer shortcut = ListShortcut.run(args);
        return shortcut != null ? shortcut : commandLine(args).execute(args);
    }

    /** The whole command tree (help lists everything). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line with Sextant's error handling: one line on stderr and exit code 1 for user
     * errors. Picocli reads every command class it is given by reflection, which is a third of a
     * command's start-up: when the words of {@code args} name a known command (and subcommand), only
     * that branch is built; anything else (help, a typo) gets the whole tree.
     */
    public static CommandLine commandLine(String... args) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length && words.size() < 2; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                words.add(args[i]);
            }
        }
        Class<?> top = words.isEmpty() ? null : find(COMMANDS, words.get(0));
        CommandLine cl = new CommandLine(new SextantCli());
        for (Class<?> command : COMMANDS) {
            if (top != null && command != top) {
                continue;
            }
            List<Class<?>> subs = GROUPS.get(command);
            if (subs == null) {
                cl.addSubcommand(nameOf(command), command);
                continue;
            }
            Class<?> sub = command == top && words.size() > 1 ? find(subs, words.get(1)) : null;
            CommandLine group = new CommandLine(command);
            for (Class<?> s : subs) {
                if (sub == null || s == sub) {
                    group.addSubcommand(nameOf(s), s);
                }
            }
            cl.addSubcommand(nameOf(command), group);
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        return cl;
    }

    /** A command's failure as the user sees it: one line ({@code SEXTANT_DEBUG=1}: and the stack), exit code 1. */
    static int report(Exception e, PrintWriter err) {
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
    }

    private static Class<?> find(List<Class<?>> commands, String word) {
        return commands.stream().filter(c -> nameOf(c).equals(word)).findFirst().orElse(null);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
