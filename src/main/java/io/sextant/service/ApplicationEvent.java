package io.sextant.service;

import io.sextant.model.AppKey;
import io.sextant.model.Application;

/**
 * One change to an Application as the server's watch saw it; the shape of Argo CD's application
 * stream ({@code {"result":{"type":…,"application":…}}}) and what live pages react to.
 */
public record ApplicationEvent(Type type, Application application) {

    public enum Type {
        ADDED,
        MODIFIED,
        DELETED
    }

    /** The app's {@link io.sextant.model.AppKey}: its name in the control plane, {@code namespace_name} elsewhere. */
    public String name() {
        return AppKey.of(application);
    }
}
