/**
 * The Argo CD-compatible resource model: {@link io.sextant.model.Application} and
 * {@link io.sextant.model.AppProject} ({@code argoproj.io/v1alpha1}, fabric8 custom resources)
 * with their spec, status and operation classes, {@link io.sextant.model.ResourceKey}, the
 * status code constants, and the vocabulary every layer shares: {@link io.sextant.model.HookAnnotations}, the
 * single rule for which objects are sync hooks (comparison, health and the sync planner all ask it),
 * {@link io.sextant.model.Glob}, the one matcher of Argo's glob patterns (directory include/exclude, project
 * fields, RBAC objects, application namespaces, customization keys), and {@link io.sextant.model.KindOrder},
 * the order of kinds in a wave (the sync planner and the resource tree). The CRDs they match are {@code deploy/k8s/crds/}.
 *
 * <p>Contracts:
 * <ul>
 * <li>JSON field names are exactly Argo CD's (v2.x and v3.x), so any Application or AppProject
 *     written for Argo CD reads into these classes and writes back unchanged.</li>
 * <li>Nothing is lost in a read-modify-write: every class keeps the fields it does not declare
 *     ({@link io.sextant.model.ExtensibleObject}, {@link io.sextant.model.ExtensibleResource}),
 *     and absent fields stay absent (fields are wrappers such as {@code Boolean}, null when unset;
 *     Argo's defaults are applied by the code that reads them, never written back).</li>
 * <li>Timestamps are RFC 3339 strings as stored; free-form values ({@code helm.valuesObject},
 *     kustomize patches, plugin parameters) are plain maps and lists.</li>
 * <li>Plain mutable beans, not thread-safe: treat objects from an informer cache as read-only and
 *     copy before changing them.</li>
 * </ul>
 * Depends on fabric8's model and Jackson only.
 */
package io.sextant.model;
