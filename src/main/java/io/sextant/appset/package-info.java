/**
 * The applicationset role: Argo CD's ApplicationSet controller. It reads ApplicationSets, runs their
 * generators (list, clusters, git directories and files, matrix, merge, each with an optional post
 * selector), renders the template once per parameter set with fasttemplate's {@code {{param}}} rules, and
 * creates, updates and deletes the Applications it owns as {@code spec.syncPolicy.applicationsSync} allows.
 * It writes only Applications and its own status, never deployed objects.
 *
 * <p>Rules follow Argo CD's pages operator-manual/applicationset/ (Generators-List, Generators-Cluster,
 * Generators-Git, Generators-Matrix, Generators-Merge, Generators-Post-Selector, Template,
 * Controlling-Resource-Modification, Application-Deletion, Security); the facts used are gathered in
 * docs/argo-facts/applicationset.md. Where Sextant is stricter, for safety, the class says so: a generated
 * name that an Application outside the set already has is refused rather than adopted, a templated
 * {@code project} is refused, a set generating more than {@code sextant.applicationset.max-apps} apps
 * changes nothing, and fields not implemented yet ({@code goTemplateOptions} other than missingkey=error,
 * {@code templatePatch} without goTemplate,
 * {@code strategy}, {@code jqPathExpressions} of {@code ignoreApplicationDifferences}, the SCM, pull-request, plugin and
 * cluster-decision generators) stop the set with a condition naming them. {@code goTemplate: true} renders with
 * {@link io.sextant.template.GoTemplate} over the parameters nested by {@link io.sextant.appset.GoParams}
 * (applicationset/GoTemplate.md), a missing key an error; {@code templatePatch} is merged after it
 * ({@link io.sextant.appset.TemplatePatch}, applicationset/Template.md).
 *
 * <p>Several processes running the role elect one leader over a Lease ({@link io.sextant.kube.LeaseElection},
 * Argo CD's ApplicationSet controller has the same switch, {@code --enable-leader-election}, off by default
 * there; ours is on by default in a pod, where replicas are likely); the others keep their watches and
 * write nothing, and the writes of a reconcile stop when the lead is lost.
 *
 * <p>{@link io.sextant.appset.AppSetPreview} runs the same generators and template for the API's
 * {@code generate} (user-guide/commands/argocd_appset_generate.md) without writing anything, with a repository
 * cache of its own.
 *
 * <p>Everything here but {@link io.sextant.appset.ApplicationSetController} is plain Java.
 */
package io.sextant.appset;
