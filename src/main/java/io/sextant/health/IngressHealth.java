package io.sextant.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code networking.k8s.io/Ingress} (and the old {@code extensions/Ingress}), as gitops-engine:
 * Healthy once {@code status.loadBalancer.ingress} has an entry, Progressing before. Clusters whose
 * ingress controller never publishes an address keep Ingresses Progressing; a custom check is the
 * remedy there, as in Argo CD.
 */
final class IngressHealth implements HealthCheck {

    @Override
    public Optional<Health> assess(ObjectNode ing, Children children) {
        return Optional.of(
                Fields.at(ing, "status", "loadBalancer", "ingress").isEmpty()
                        ? Health.progressing("")
                        : Health.healthy(""));
    }
}
