package io.sextant.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code sextant app ...}: the Application commands. */
@Command(name = AppCommand.NAME, description = "Manage Applications.", mixinStandardHelpOptions = true)
class AppCommand {

    /** Its subcommands, added by {@link SextantCli#commandLine(String...)} (only the one asked for, when it can tell). */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            AppCreateCommand.class,
            AppListCommand.class,
            AppGetCommand.class,
            AppSyncCommand.class,
            AppEditCommand.class,
            AppSetCommand.class,
            AppUnsetCommand.class,
            AppHistoryCommand.class,
            AppRollbackCommand.class,
            AppTerminateOpCommand.class,
            AppDeleteCommand.class,
            AppWaitCommand.class,
            AppDiffCommand.class,
            AppResourcesCommand.class,
            AppManifestsCommand.class);

    static final String NAME = "app";
}
