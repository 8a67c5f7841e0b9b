package io.sextant.web;

import io.sextant.service.ApplicationEvent;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * One browser's live stream: takes the store's events for the apps it shows, coalesces them by name
 * in a bounded set (ten changes to one app before the next send are one fragment), and renders and
 * sends them on the render executor, never on the watch's thread. When more than {@link #MAX_PENDING}
 * apps wait, it stops collecting and tells the page to reload instead.
 *
 * <p>Thread-safe: events arrive on the watch thread; drains run on the executor, one at a time per
 * connection. Two at once could send their fragments out of order: an older state rendered first but
 * sent last would stay on the page until the next change.
 */
final class LiveConnection implements Consumer<ApplicationEvent> {

    static final int MAX_PENDING = 500;

    private final Predicate<String> interested;
    private final Function<String, String> render;
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Sse sse;
    private final Executor executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean overflowed;

    /**
     * @param render the HTML fragments for an app's name; null when the app is gone (the page is
     *               told with a {@code gone} event)
     */
    LiveConnection(
            Predicate<String> interested,
            Function<String, String> render,
            MultiEmitter<? super OutboundSseEvent> emitter,
            Sse sse,
            Executor executor) {
        this.interested = interested;
        this.render = render;
        this.emitter = emitter;
        this.sse = sse;
        this.executor = executor;
    }

    @Override
    public void accept(ApplicationEvent event) {
        offer(event.name());
    }

    void offer(String name) {
        if (emitter.isCancelled() || !interested.test(name)) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            overflowed = true;
        } else {
            pending.add(name);
        }
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /**
     * Sends what is pending, then again while more came meanwhile: {@code scheduled} stays set until
     * nothing is left, so an offer during a drain adds to it instead of starting a second one.
     */
    private void drain() {
        do {
            sendPending();
            scheduled.set(false);
        } while ((!pending.isEmpty() || overflowed) && !emitter.isCancelled() && scheduled.compareAndSet(false, true));
    }

    private void sendPending() {
        if (emitter.isCancelled()) {
            return;
        }
        if (overflowed) {
            overflowed = false;
            pending.clear();
            emitter.emit(sse.newEventBuilder()
                    .name("reload")
                    .data("too many changes")
                    .build());
            return;
        }
        for (String name : Set.copyOf(pending)) {
            pending.remove(name);
            try {
                String html = render.apply(name);
                if (html == null) {
                    emitter.emit(sse.newEventBuilder().name("gone").data(name).build());
                } else {
                    // One data line: the fragments' newlines carry no meaning outside <pre>, which they lack.
                    emitter.emit(sse.newEventBuilder()
                            .name("fragment")
                            .data(html.replace('\r', ' ').replace('\n', ' '))
                            .build());
                }
            } catch (RuntimeException e) {
                Logger.getLogger(LiveConnection.class)
                        .warnf(
                                e,
                                "Rendering %s for a live page failed: the page shows an older state until the next change",
                                name);
            }
        }
    }
}
