/**
 * The live-state cache: one informer per watched kind (all namespaces), started on demand for the
 * kinds Applications target plus the children health needs (ReplicaSet, Pod, EndpointSlice).
 * Objects are kept as trimmed JSON trees (no last-applied annotation; no managedFields on
 * high-volume children), indexed by key, uid, owner (the resource tree) and by the Application
 * named in their {@code argocd.argoproj.io/tracking-id} annotation (or instance label).
 *
 * <p>Listeners hear which Application a change concerns (by tracking id, walking up owners), and
 * the key of the top-most owner of every change (for Applications that target an object applied
 * by hand). Plain Java: the controller creates and closes it. Thread-safe.
 */
package io.sextant.cache;
