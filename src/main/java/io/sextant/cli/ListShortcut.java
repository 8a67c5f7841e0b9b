package io.sextant.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * {@code sextant app list [-o FORMAT] [--config FILE]} without picocli. Building picocli's model (its
 * converters, help, annotation proxies) is a third of a command's start-up, and listing apps is the
 * command run most, often in a loop: the target is half a second from start to exit. Only the plain
 * shapes of that one command line are taken; anything else (help, another flag, an option given twice,
 * {@code --}, an {@code @file}) returns null and goes to picocli, which parses it or says what is wrong.
 * What is printed is {@link AppListCommand#print}, the same code picocli's path runs.
 */
final class ListShortcut {

    private ListShortcut() {}

    /** The exit code, or null when {@code args} are not a plain {@code app list} for this shortcut. */
    static Integer run(String[] args) {
        String config = null;
        String output = null;
        int words = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.equals("--config") || a.equals("-o") || a.equals("--output")) {
                if (i + 1 == args.length) {
                    return null;
                }
                value = args[++i];
            } else if (a.startsWith("--config=") || a.startsWith("--output=")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            } else if (a.startsWith("-o") && a.length() > 2 && a.charAt(2) != '=') {
                value = a.substring(2);
                a = "-o";
            }
            if (value == null) {
                // A word: "app" then "list", nothing more.
                String expected = words == 0 ? AppCommand.NAME : words == 1 ? AppListCommand.NAME : null;
                if (!a.equals(expected)) {
                    return null;
                }
                words++;
            } else if (value.startsWith("-") || value.startsWith("@")) {
                return null;
            } else if (a.equals("--config")) {
                if (config != null) {
                    return null;
                }
                config = value;
            } else {
                // -o belongs to "list": before it picocli would refuse it.
                if (output != null || words < 2) {
                    return null;
                }
                output = value;
            }
        }
        if (words != 2) {
            return null;
        }
        PrintWriter out = writer(System.out, "sun.stdout.encoding");
        try {
            CliConfig login = BaseCommand.login(CliConfig.location(config));
            try (Backend backend = BaseCommand.backend(login)) {
                String format = output == null ? "wide" : output;
                AppListCommand.print(AppListCommand.apps(backend, format), format, out);
            }
            out.flush();
            return 0;
        } catch (Exception e) {
            out.flush();
            return SextantCli.report(e, writer(System.err, "sun.stderr.encoding"));
        }
    }

    /** A writer on a standard stream in the encoding picocli would pick for it. */
    private static PrintWriter writer(PrintStream stream, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset = encoding == null
                ? Charset.defaultCharset()
                : "cp65001".equalsIgnoreCase(encoding) ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new PrintWriter(new OutputStreamWriter(stream, charset));
    }
}
