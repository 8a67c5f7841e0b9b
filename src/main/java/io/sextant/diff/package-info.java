/**
 * Compares a resource's target (rendered from Git) with its live object the way Argo CD users expect,
 * and writes the result so it can be shown safely. Plain Java, no CDI; everything here is thread-safe.
 *
 * <h2>Entry point</h2>
 * <pre>
 * IgnoreRules rules = IgnoreRules.of(app.getSpec().getIgnoreDifferences(), settingsConfigMapData);
 * ResourceDiff d = new Differ().diff(target, predictedOrNull, liveOrNull, rules);
 * d.modified()  // OutOfSync?      d.diff()  // "--- live\n+++ target\n@@ ... @@\n-        image: ..."
 * </pre>
 * {@link io.sextant.diff.Differ#diff} takes, per resource, the target manifest (tracking annotation
 * already stamped, null for a live object Git no longer has), the <em>predicted</em> live state (a
 * server-side dry-run apply of the target; null when it could not be made) and the live object (null
 * when missing), and returns a {@link io.sextant.diff.ResourceDiff}: {@code modified}, {@code missing},
 * {@code requiresPruning}, both sides normalised as JSON and YAML, a unified text diff and warnings.
 *
 * <h2>What never counts as drift</h2>
 * <ol>
 * <li>{@link io.sextant.diff.Normalizer}: server-kept metadata ({@code resourceVersion}, {@code uid},
 *     {@code generation}, {@code creationTimestamp}, {@code managedFields}, {@code selfLink},
 *     {@code deletionTimestamp}, {@code deletionGracePeriodSeconds}), the
 *     {@code kubectl.kubernetes.io/last-applied-configuration} annotation, {@code status} (every kind
 *     by default, as Argo CD 3's {@code ignoreResourceStatusField: all}; {@code crd} and {@code none}
 *     are options), and a Secret's {@code stringData} versus the same values base64 in {@code data}.
 *     The tracking annotation {@code argocd.argoproj.io/tracking-id} <em>is</em> compared: Argo CD
 *     stamps it on the target before diffing, and a live object without it is repaired by a sync.</li>
 * <li>Defaults: with a prediction, the prediction is the expected state, so everything the API server
 *     fills in (a Service's {@code clusterIP}, a Deployment's {@code strategy}) is on both sides.
 *     Without one, {@code ExpectedState} lays the target's fields over the live object, so only the
 *     fields the target sets are compared; a field the previous apply set (per the last-applied
 *     annotation, or else the Apply entry of field manager {@code sextant}) that Git dropped is drift.</li>
 * <li>Form: {@code 1} and {@code 1.0}; resource quantities {@code 1000m}/{@code 1},
 *     {@code 1Gi}/{@code 1073741824}, {@code 0.5}/{@code 500m} (in requests, limits, quota and
 *     LimitRange maps, and {@code sizeLimit}); a null, empty map or empty list versus nothing.</li>
 * <li>ignoreDifferences ({@link io.sextant.diff.IgnoreRules}): the Application's
 *     {@code spec.ignoreDifferences} and the settings' {@code resource.customizations.ignoreDifferences.*}
 *     ({@link io.sextant.diff.SystemIgnoreDifferences}), each with {@code jsonPointers} (RFC 6901),
 *     {@code jqPathExpressions} (jackson-jq, 1 s per object by default) and {@code managedFieldsManagers}
 *     (fields those managers own in the live {@code metadata.managedFields}, where the sides differ). A
 *     pointer or jq removal leaves no empty parent behind.</li>
 * </ol>
 * {@code modified} is a structural comparison of the two normalised objects; the text diff is only for
 * people. When there is no target (live only) or no live object (missing), {@code modified} is true.
 *
 * <h2>What is shown</h2>
 * Both sides are rendered as block YAML with the same key order — the live object's (the API
 * server's), target-only keys after — so the diff lines up and names only the changed lines. The
 * diff reads from live ({@code ---}) to target ({@code +++}) with three lines of context.
 *
 * <h2>Secrets</h2>
 * Every output of this package is masked before it is written: for a core Secret, each value of
 * {@code data} and {@code stringData} (and inside a last-applied annotation) becomes {@code ++++++++},
 * 4 more {@code +} per further distinct value of the same key, numbered across target and live, so a
 * changed value shows as masks of different lengths and an unchanged one not at all
 * ({@link io.sextant.diff.SecretMasker}). Writers of status, events and logs elsewhere call
 * {@link io.sextant.diff.SecretMasker#maskIfSecret} on any object they emit. No exception or warning of
 * this package quotes a value: jq's own messages are withheld for Secrets, parser messages never passed on.
 *
 * <h2>Hostile input</h2>
 * Objects deeper than 100 levels, with more than 500,000 nodes or 16 MiB of text are refused with a
 * {@link io.sextant.diff.DiffException} before any recursive step; the text diff is left out (with a
 * notice) above 20,000 lines. Malformed rules fail when {@code IgnoreRules} is built, with an
 * {@link io.sextant.diff.IgnoreRuleException} naming the rule and expression. A jq expression that
 * errors on an object is skipped for that object with a warning naming the rule (silently when it
 * merely iterated an absent list); one that runs past its time limit or recurses without end fails the
 * comparison with a {@code DiffException} naming the rule. jq cannot read the environment or input.
 * Known gap: one jq builtin step that is itself huge (string repetition by a giant number) is bounded
 * by memory, not time.
 */
package io.sextant.diff;
