package io.sextant.service;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.sextant.controller.ControllerReads;
import io.sextant.controller.StatusWriter;
import io.sextant.model.Annotations;
import io.sextant.model.AppKey;
import io.sextant.model.Application;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Asking the controller to refresh an app (fetch, render and compare again) by setting the refresh
 * annotation, which the controller removes when done; for a user, optionally waiting for it, and for a
 * Git push.
 */
@ApplicationScoped
public class ApplicationRefresher {

    private final ApplicationService applications;
    private final ControllerReads controller;

    /** Without a controller in the process (the CLI's core mode): a push's refresh is the annotation. */
    public ApplicationRefresher(ApplicationService applications) {
        this(applications, null);
    }

    @Inject
    public ApplicationRefresher(ApplicationService applications, ControllerReads controller) {
        this.applications = applications;
        this.controller = controller;
    }

    /**
     * Asks for a refresh and waits (at most {@code timeout}) until the controller has done it, as
     * Argo's {@code GET ...?refresh=} does. @return the Application afterwards
     */
    public Application refresh(String name, String mode, Duration timeout) {
        if (!"normal".equals(mode) && !"hard".equals(mode)) {
            throw new IllegalArgumentException("refresh must be 'normal' or 'hard', not '" + mode + "'");
        }
        requestRefresh(name, mode);
        String key = AppKey.parse(name);
        // Woken by the watch when the controller removes the annotation; no thread polls meanwhile. The
        // wait lists first, so it sees the annotation just written whatever the server's own watch shows.
        try {
            applications
                    .resource(key)
                    .waitUntilCondition(
                            a -> a == null
                                    || a.getMetadata().getAnnotations() == null
                                    || !a.getMetadata().getAnnotations().containsKey(Annotations.REFRESH),
                            Math.max(1, timeout.toMillis()),
                            TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            // Not refreshed in time: answer with the app as it is, as Argo CD does.
        } catch (KubernetesClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                return applications.get(name);
            }
            throw e;
        }
        return applications.get(name);
    }

    /**
     * Sets the refresh annotation for the current user, who must be allowed to see the app (the same
     * answer for a missing and a forbidden app); the controller fetches, compares and removes it. Does
     * not wait.
     */
    public void requestRefresh(String name, String mode) {
        applications.get(name);
        askRefresh(name, mode);
    }

    /**
     * The refresh a Git push asks for: Sextant's own, no user behind it (the webhook checked the
     * sender's signature and chose the apps by repository).
     */
    public void refreshForPush(String name) {
        // The controller beside the server in this process takes the ask directly: no write per app.
        if (controller != null && controller.refreshPushed(AppKey.parse(name))) {
            return;
        }
        askRefresh(name, "normal");
    }

    /**
     * The time of the ask goes with it, so that asking again while a refresh is pending (a second push)
     * is a change the controller sees, not a write that changes nothing.
     */
    private void askRefresh(String name, String mode) {
        applications.mergePatch(name, StatusWriter.refreshAskPatch(mode, Instant.now()));
    }
}
