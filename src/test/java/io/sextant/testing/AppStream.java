package io.sextant.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a user's {@code /api/v1/stream/applications} carries around a change, as raw SSE lines. */
public final class AppStream {

    private AppStream() {}

    /**
     * Opens the stream with {@code token}, makes {@code change}, waits until a line contains
     * {@code expected} (proof the stream is live), then one second more for anything that should not
     * come, and returns every line seen.
     */
    public static List<String> linesAround(URI base, String token, Runnable change, String expected) throws Exception {
        HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("api/v1/stream/applications"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                }
            } catch (Exception e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        change.run();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            synchronized (seen) {
                return seen.stream().anyMatch(l -> l.contains(expected));
            }
        });
        Thread.sleep(1_000);
        stream.body().close();
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }
}
