package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which command lines {@link ListShortcut} leaves to picocli (it returns null without touching the
 * config or the network). The lines it does take are run against a server in
 * {@code WorkshopCliTest#theScriptRunsAndListsQuickly}, next to picocli's output for the same line.
 */
class ListShortcutTest {

    @Test
    void everythingButAPlainAppListGoesToPicocli() {
        String[][] others = {
            {},
            {"app"},
            {"list"},
            {"version"},
            {"app", "get", "x"},
            {"app", "list", "extra"},
            {"list", "app"},
            {"app", "list", "--help"},
            {"app", "list", "-h"},
            {"--help"},
            {"app", "-o", "name", "list"},
            {"app", "list", "-o"},
            {"app", "list", "-o", "name", "-o", "json"},
            {"app", "list", "-o", "-x"},
            {"app", "list", "-o=name"},
            {"app", "list", "--", "-o"},
            {"@args"},
            {"app", "list", "--config"},
            {"--config", "a", "--config", "b", "app", "list"},
            {"--config", "@file", "app", "list"},
            {"app", "list", "--selector", "x"},
            {"app", "list", "-oname", "--output=json"},
        };
        for (String[] args : others) {
            assertThat(ListShortcut.run(args)).as(String.join(" ", args)).isNull();
        }
    }
}
