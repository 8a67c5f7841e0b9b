package io.sextant.cli;

import picocli.CommandLine.Command;

/** {@code sextant app ...}: the Application commands. */
@Command(name = AppCommand.NAME, description = "Manage Applications.", mixinStandardHelpOptions = true,
        subcommands = {AppCreateCommand.class, AppListCommand.class, AppGetCommand.class, AppSyncCommand.class,
                AppEditCommand.class, AppSetCommand.class, AppUnsetCommand.class, AppHistoryCommand.class,
                AppRollbackCommand.class, AppTerminateOpCommand.class, AppDeleteCommand.class, AppWaitCommand.class,
                AppDiffCommand.class, AppResourcesCommand.class, AppManifestsCommand.class})
class AppCommand {

    static final String NAME = "app";
}
