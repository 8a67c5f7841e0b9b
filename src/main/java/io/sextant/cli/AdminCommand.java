package io.sextant.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sextant admin initial-password}: reads Secret sextant-initial-admin-secret through the kubeconfig. */
@Command(name = AdminCommand.NAME, description = "Administration commands.", mixinStandardHelpOptions = true,
        subcommands = AdminCommand.InitialPassword.class)
class AdminCommand {

    static final String NAME = "admin";

    @Command(name = InitialPassword.NAME, description = "Print the initial admin password.")
    static class InitialPassword extends BaseCommand {

        static final String NAME = "initial-password";

        @Option(names = {"-n", "--namespace"}, description = "Sextant's namespace (default: the login's, else sextant).")
        String namespace;

        @Option(names = "--kubeconfig")
        String kubeconfig;

        @Override
        public Integer call() {
            // Always through Kubernetes, as argocd does: the server never hands out the password.
            CliConfig c = CliConfig.load(configPath());
            String ns = namespace != null ? namespace : c != null && c.namespace != null ? c.namespace : "sextant";
            String kc = kubeconfig != null ? kubeconfig : c != null ? c.kubeconfig : null;
            KubernetesClasspath.ensure();
            {
                out().println(CoreBackends.initialPassword(kc, ns));
                out().println();
                out().println(" This password must be only used for first time login. We strongly recommend you update "
                        + "the password using `sextant account update-password`.");
            }
            return 0;
        }

        @Override
        Integer run(Backend backend) {
            throw new UnsupportedOperationException();
        }
    }
}
