/**
 * Notifications (the controller role): Argo CD's triggers, templates, services and subscriptions, read from
 * ConfigMap {@code sextant-notifications-cm} and Secret {@code sextant-notifications-secret} with the keys of
 * argocd-notifications-cm, over a built-in catalogue with Argo's trigger and template names.
 *
 * <p>Rules and the pages of Argo CD's documentation they follow (operator-manual/notifications/...):
 * <ul>
 *   <li>triggers ({@code triggers}): conditions in expr syntax ({@link io.sextant.notify.Condition}, a subset
 *       refused by name where it ends), {@code oncePer}, sent on a condition's change from false to true, once
 *       per oncePer value; state in the annotation {@code notified.notifications.argoproj.io} with
 *       notifications-engine's keys and its 100-entry bound ({@link io.sextant.notify.NotifiedState});</li>
 *   <li>templates ({@code templates}): Go text/template syntax, a subset ({@link io.sextant.notify.GoTemplate});
 *       a missing field is an error instead of {@code <no value>}; {@code .secrets} is not offered;</li>
 *   <li>subscriptions ({@code subscriptions}): annotations on the Application and its AppProject, the
 *       ConfigMap's {@code subscriptions} with label selectors, {@code defaultTriggers[.<service>]};</li>
 *   <li>services ({@code services/webhook}, {@code services/email}, {@code services/slack}): only these three;
 *       any other type is refused with a problem naming it.</li>
 * </ul>
 * Sextant's own additions: a pending annotation so a notification recorded as due is delivered after a restart;
 * deliveries with a bounded queue, retries and backoff off the reconcile path; Events {@code NotificationFailed}
 * and {@code NotificationConfigurationError}; URLs pointing at the Kubernetes API server refused.
 */
package io.sextant.notify;
