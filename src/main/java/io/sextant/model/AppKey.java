package io.sextant.model;

import java.util.Objects;

/**
 * How the controller names an Application inside one process: the key of its reconcile queue, its
 * comparison, its status memory and the {@code <app>} part of the tracking id it stamps on what it
 * deploys. An app in the control-plane namespace is its plain name; an app in another namespace
 * (Argo CD's "applications in any namespace") is {@code <namespace>_<name>}, Argo CD's instance name,
 * so resources Argo CD deployed for such an app keep their owner. Kubernetes names never hold
 * {@code _}, so the key is never ambiguous. Argo CD's "qualified name" ({@code namespace/name}) is what
 * the API and CLI show and accept; {@link #qualified} converts.
 */
public final class AppKey {

    /**
     * The control-plane namespace of this process, for the one-argument forms the pages and API use
     * (a process serves one control plane; the server's store and the controller set it at start).
     */
    private static volatile String controlPlane = "sextant";

    private AppKey() {}

    /** Sets the control-plane namespace the one-argument forms use. */
    public static void useControlPlane(String namespace) {
        controlPlane = Objects.requireNonNull(namespace, "namespace");
    }

    public static String controlPlane() {
        return controlPlane;
    }

    /** The key of {@code app} in this process's control plane. */
    public static String of(Application app) {
        return of(app, controlPlane);
    }

    /** The key of what a user's reference names, in this process's control plane (see {@link #parse(String, String)}). */
    public static String parse(String ref) {
        return parse(ref, controlPlane);
    }

    /** The namespace the app of {@code key} lives in, in this process's control plane. */
    public static String namespace(String key) {
        return namespace(key, controlPlane);
    }

    /** The key of {@code app} when the control plane is {@code controlNamespace}. */
    public static String of(Application app, String controlNamespace) {
        return of(app.getMetadata().getNamespace(), app.getMetadata().getName(), controlNamespace);
    }

    /** The key of the app {@code name} in {@code namespace} (null: the control plane). */
    public static String of(String namespace, String name, String controlNamespace) {
        return namespace == null || namespace.isEmpty() || namespace.equals(controlNamespace)
                ? name
                : namespace + "_" + name;
    }

    /** The namespace the app of {@code key} lives in. */
    public static String namespace(String key, String controlNamespace) {
        int sep = key.indexOf('_');
        return sep < 0 ? controlNamespace : key.substring(0, sep);
    }

    /** The app's {@code metadata.name}. */
    public static String name(String key) {
        return key.substring(key.indexOf('_') + 1);
    }

    /**
     * The key a user's reference names: {@code namespace/name} (Argo CD's qualified name, as its CLI takes
     * it), a key ({@code namespace_name}) or a plain name (the control plane). Neither {@code /} nor
     * {@code _} can be part of a name, so each form reads one way.
     */
    public static String parse(String ref, String controlNamespace) {
        int slash = ref.indexOf('/');
        return slash < 0 ? ref : of(ref.substring(0, slash), ref.substring(slash + 1), controlNamespace);
    }

    /** Argo CD's qualified name: {@code namespace/name}, or the plain name in the control plane. */
    public static String qualified(String key) {
        return key.replaceFirst("_", "/");
    }
}
