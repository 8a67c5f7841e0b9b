package io.sextant.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A live page's stream sends the newest state last, however its renders overlap with changes. */
class LiveConnectionTest {

    private final ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);

    /** Renders submitted and not yet finished: what the executor still has to do, never a guess by sleeping. */
    private long unfinished() {
        return executor.getTaskCount() - executor.getCompletedTaskCount();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aChangeDuringASlowRenderIsSentAfterItNeverBeforeIt() throws Exception {
        AtomicReference<String> state = new AtomicReference<>("Synced");
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger rendering = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        LiveConnection connection = connection(name -> {
            mostAtOnce.accumulateAndGet(rendering.incrementAndGet(), Math::max);
            try {
                String now = state.get();
                if (calls.getAndIncrement() == 0) {
                    firstStarted.countDown();
                    releaseFirst.await(5, TimeUnit.SECONDS); // the page's first render, slow (a big tree)
                }
                return "<span id=\"app-sync\">" + now + "</span>";
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                rendering.decrementAndGet();
            }
        });

        connection.offer("kubercoins-stg"); // the state when the page connects
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        state.set("OutOfSync"); // the refresh lands while that render is under way
        connection.offer("kubercoins-stg");
        // A second render, if the connection started one now, would be submitted by offer() itself: wait
        // until it has run (only the blocked first render left), so the overlap would be seen.
        await().atMost(Duration.ofSeconds(5)).until(() -> unfinished() == 1);
        releaseFirst.countDown();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sent).hasSize(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> unfinished() == 0); // a third render would be counted
        assertThat(sent)
                .extracting(e -> String.valueOf(e.getData()))
                .containsExactly("<span id=\"app-sync\">Synced</span>", "<span id=\"app-sync\">OutOfSync</span>");
        assertThat(mostAtOnce.get())
                .as("renders of one connection at the same time")
                .isEqualTo(1);
    }

    @Test
    void manyChangesToOneAppWhileBusyBecomeOneMoreFragment() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        LiveConnection connection = connection(name -> {
            if (calls.getAndIncrement() == 0) {
                started.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return "<p id=\"x\">" + calls.get() + "</p>";
        });
        connection.offer("a");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            connection.offer("a");
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sent).hasSize(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> unfinished() == 0); // a third render would be counted
        assertThat(sent).hasSize(2);
        assertThat(calls.get()).isEqualTo(2);
    }

    private final List<OutboundSseEvent> sent = new CopyOnWriteArrayList<>();

    private LiveConnection connection(Function<String, String> render) {
        AtomicReference<MultiEmitter<? super OutboundSseEvent>> emitter = new AtomicReference<>();
        Multi.createFrom().<OutboundSseEvent>emitter(emitter::set).subscribe().with(sent::add);
        return new LiveConnection(name -> true, render, emitter.get(), new SseImpl(), executor);
    }
}
