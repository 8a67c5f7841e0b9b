package io.sextant.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs Sextant's CustomResourceDefinitions (the Argo-compatible {@code applications} and
 * {@code appprojects} of {@code argoproj.io}, shipped from deploy/k8s/crds on the classpath
 * under {@code crds/}) with server-side apply, then waits until the API server serves them.
 * Idempotent: applying again changes nothing.
 */
public final class CrdInstaller {

    /** The field manager that owns what Sextant applies. */
    public static final String FIELD_MANAGER = "sextant";

    static final List<String> CRDS = List.of("crds/application-crd.yaml", "crds/appproject-crd.yaml");

    private CrdInstaller() {}

    /** Applies every CRD and returns them once they are Established. */
    public static List<CustomResourceDefinition> install(KubernetesClient client, Duration timeout) {
        List<CustomResourceDefinition> applied = new ArrayList<>();
        for (String resource : CRDS) {
            CustomResourceDefinition crd = load(client, resource);
            applied.add(client.resource(crd)
                    .fieldManager(FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply());
        }
        for (CustomResourceDefinition crd : applied) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(CrdInstaller::established, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return applied;
    }

    private static CustomResourceDefinition load(KubernetesClient client, String resource) {
        try (InputStream in = CrdInstaller.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + resource + " is missing from the classpath");
            }
            return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the API server serves the CRD; its conditions are absent for a moment after creation. */
    public static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
