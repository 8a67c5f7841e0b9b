package io.sextant.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Logs in as admin the way a user does first: the password from Secret sextant-initial-admin-secret. */
public final class ApiLogin {

    private ApiLogin() {}

    public static String adminPassword(KubernetesClient client) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.secrets()
                                .inNamespace(Apps.NAMESPACE)
                                .withName("sextant-initial-admin-secret")
                                .get()
                        != null);
        Secret s = client.secrets()
                .inNamespace(Apps.NAMESPACE)
                .withName("sextant-initial-admin-secret")
                .get();
        return new String(Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
    }

    /** A token for admin, and every RestAssured request of this test sends it. */
    public static String asAdmin(KubernetesClient client) {
        RestAssured.requestSpecification = null;
        String token = given().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"" + adminPassword(client) + "\"}")
                .post("/api/v1/session")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + token)
                .build();
        return token;
    }

    /** A session token for admin, for the dashboard's {@code argocd.token} cookie; no RestAssured state changed. */
    public static String sessionCookie(KubernetesClient client) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"" + adminPassword(client) + "\"}")
                .post("/api/v1/session")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    public static void reset() {
        RestAssured.requestSpecification = null;
    }
}
