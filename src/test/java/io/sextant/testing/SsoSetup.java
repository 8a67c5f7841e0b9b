package io.sextant.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a running Sextant at a {@link DexServer} the way an operator does: sextant-cm {@code url}
 * and {@code oidc.config} (or {@code dex.config}), the client secret in sextant-secret; and takes it
 * away again.
 */
public final class SsoSetup {

    private SsoSetup() {}

    /** Configures SSO through {@code oidc.config} and waits until the server uses it. */
    public static void oidc(KubernetesClient client, DexServer dex, String sextantUrl) {
        secret(client, Map.of("oidc.dex.clientSecret", DexServer.CLIENT_SECRET));
        settings(client, Map.of("url", sextantUrl, "oidc.config", dex.oidcConfig()));
        awaitProvider(dex);
    }

    /** Configures SSO through {@code dex.config} (Dex's own configuration) and waits until the server uses it. */
    public static void dex(KubernetesClient client, DexServer dex, String sextantUrl) {
        secret(client, Map.of("dex.clientSecret", DexServer.CLIENT_SECRET));
        Map<String, String> data = new HashMap<>();
        data.put("url", sextantUrl);
        data.put("dex.config", dex.config());
        data.put("dex.rootCA", dex.caPem());
        data.put("oidc.config", null);
        settings(client, data);
        awaitProvider(dex);
    }

    /** SSO off again: the next test class starts without it. */
    public static void clear(KubernetesClient client) {
        Map<String, String> data = new HashMap<>();
        data.put("url", null);
        data.put("oidc.config", null);
        data.put("dex.config", null);
        data.put("dex.rootCA", null);
        settings(client, data);
    }

    /** SSO off, and waits until the server has noticed (its login no longer goes to a provider). */
    public static void off(KubernetesClient client) {
        clear(client);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given().redirects()
                                .follow(false)
                                .get("/auth/login?return_url=/applications")
                                .statusCode()
                        == 401);
    }

    /** The policy of sextant-rbac-cm. */
    public static void policy(KubernetesClient client, String csv) {
        client.resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("sextant-rbac-cm")
                        .withNamespace(Apps.NAMESPACE)
                        .endMetadata()
                        .addToData("policy.csv", csv)
                        .addToData("policy.default", "")
                        .build())
                .serverSideApply();
    }

    private static void awaitProvider(DexServer dex) {
        // The server reads sextant-cm again every few seconds.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    String location = given().redirects()
                            .follow(false)
                            .get("/auth/login?return_url=/applications")
                            .getHeader("Location");
                    // The public settings (which the CLI reads) are reused for 5 s too.
                    return location != null
                            && location.startsWith(dex.issuer())
                            && given().get("/api/v1/settings").asString().contains(dex.issuer());
                });
    }

    private static void settings(KubernetesClient client, Map<String, String> data) {
        if (client.configMaps()
                        .inNamespace(Apps.NAMESPACE)
                        .withName("sextant-cm")
                        .get()
                == null) {
            client.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("sextant-cm")
                            .withNamespace(Apps.NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        client.configMaps()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-cm")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("data", data)));
    }

    private static void secret(KubernetesClient client, Map<String, String> plain) {
        ApiLogin.adminPassword(client); // sextant-secret exists once the server has set up admin
        Map<String, String> data = new HashMap<>();
        plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-secret")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("data", data)));
    }
}
