/**
 * The {@code sextant} command line, with Argo CD's command names and flags so the workshop's
 * {@code argocd ...} lines work with {@code sextant} in their place. Plain Java with picocli: it never
 * boots Quarkus, so a command prints in a fraction of a second.
 *
 * <p>One picocli class per command, each with its {@code NAME} constant; {@link io.sextant.cli.SextantCli}
 * is the root and the {@code main}. Commands talk to a {@link io.sextant.cli.Backend}, chosen by the
 * stored login ({@link io.sextant.cli.CliConfig}):
 * <ul>
 * <li>{@code login --core}: {@link io.sextant.cli.CoreBackend} reads and writes Applications through the
 * kubeconfig, with the same {@code io.sextant.service} Application services the server uses (built
 * by hand, no CDI), so an {@code operation} is written exactly as the server writes it;</li>
 * <li>{@code login HOST}: {@link io.sextant.cli.ServerBackend} calls the REST API.</li>
 * </ul>
 * Applications travel as Jackson trees in Argo's JSON shape, so {@code -o json} prints what the API
 * returns. Start-up is kept under half a second for {@code app list}: the server's answers and the config
 * are read with jackson-core ({@link io.sextant.cli.Json}; an {@code ObjectMapper} only for commands that
 * write JSON or YAML), requests go through {@code HttpURLConnection}, and {@link io.sextant.cli.ListShortcut}
 * runs a plain {@code app list} without building picocli's model. A user error (bad flag, missing app, server down) is one line on stderr and exit code 1,
 * never a stack trace ({@code SEXTANT_DEBUG=1} shows it).
 */
package io.sextant.cli;
