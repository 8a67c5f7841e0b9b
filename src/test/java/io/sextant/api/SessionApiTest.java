package io.sextant.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.sextant.testing.ApiLogin;
import io.sextant.testing.TestbedResource;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Sessions over real HTTP: admin logs in with the first password Sextant generated, the token opens
 * the API as a bearer header or cookie, logout revokes it, a missing, forged or revoked token gets
 * 401 with Argo's error body, and a user hammering wrong passwords is throttled.
 */
@QuarkusTest
@WithTestResource(TestbedResource.class)
class SessionApiTest {

    @Inject
    KubernetesClient client;

    private static String login(String user, String password) {
        return "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}";
    }

    @Test
    void loginOpensTheApiAndLogoutClosesIt() {
        ApiLogin.reset();
        given().get("/api/v1/applications")
                .then()
                .statusCode(401)
                .body("code", equalTo(16))
                .body("message", containsString("log in"));
        String token = given().contentType(ContentType.JSON)
                .body(login("admin", ApiLogin.adminPassword(client)))
                .post("/api/v1/session")
                .then()
                .statusCode(200)
                .cookie("argocd.token", not(emptyOrNullString()))
                .extract()
                .path("token");
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/applications")
                .then()
                .statusCode(200);
        given().cookie("argocd.token", token).get("/api/v1/applications").then().statusCode(200);
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/session/userinfo")
                .then()
                .statusCode(200)
                .body("loggedIn", equalTo(true))
                .body("username", equalTo("admin"));
        String forged =
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        given().header("Authorization", "Bearer " + forged)
                .get("/api/v1/applications")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.")
                .get("/api/v1/applications")
                .then()
                .statusCode(401);

        given().header("Authorization", "Bearer " + token)
                .delete("/api/v1/session")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/applications")
                .then()
                .statusCode(401);
        given().get("/api/version").then().statusCode(200);
    }

    @Test
    void aLoginBodyIsSmallAndSaysItsLengthBeforeAnyOfItIsRead() throws Exception {
        String huge = login("admin", "x".repeat(200_000));
        given().contentType(ContentType.JSON)
                .body(huge)
                .post("/api/v1/session")
                .then()
                .statusCode(413)
                .body("message", containsString("at most 16384 bytes"));
        given().contentType(ContentType.URLENC)
                .formParam("username", "admin")
                .formParam("password", "y".repeat(200_000))
                .post("/login")
                .then()
                .statusCode(413);
        // A chunked body could grow without bound: refused before the first chunk is read.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"use\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] head = socket.getInputStream().readNBytes(12);
            Assertions.assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 411");
        }
        // An ordinary login still works, and so do large authenticated API bodies (not limited here).
        given().contentType(ContentType.JSON)
                .body(login("admin", ApiLogin.adminPassword(client)))
                .post("/api/v1/session")
                .then()
                .statusCode(200);
    }

    @Test
    void wrongPasswordsAndUnknownUsersGetTheSameAnswerAndAreThrottled() {
        ApiLogin.reset();
        String wrong = given().contentType(ContentType.JSON)
                .body(login("admin", "not-the-password"))
                .post("/api/v1/session")
                .then()
                .statusCode(401)
                .body("code", equalTo(16))
                .extract()
                .path("message");
        String unknown = given().contentType(ContentType.JSON)
                .body(login("nobody-here", "whatever1"))
                .post("/api/v1/session")
                .then()
                .statusCode(401)
                .extract()
                .path("message");
        Assertions.assertThat(unknown).isEqualTo(wrong).isEqualTo("Invalid username or password");
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON)
                    .body(login("throttled-user", "wrong-" + i))
                    .post("/api/v1/session")
                    .then()
                    .statusCode(401);
        }
        given().contentType(ContentType.JSON)
                .body(login("throttled-user", "wrong-again"))
                .post("/api/v1/session")
                .then()
                .statusCode(401)
                .body("message", containsString("Too many failed login attempts"));
        given().contentType(ContentType.JSON)
                .body("{\"username\": ")
                .post("/api/v1/session")
                .then()
                .statusCode(400);
    }
}
