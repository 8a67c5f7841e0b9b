package io.sextant.operation;

import io.sextant.sync.SyncPhase;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The name of a hook that has only {@code metadata.generateName}. Argo CD names such a hook itself rather than
 * letting the API server pick (gitops-engine's sync context: generateName, then the synced revision's first 7
 * characters, the phase and the operation's start in Unix seconds, lower-cased), so every step of one
 * operation, and a controller that takes it over, knows which object is that operation's hook. Stateless.
 */
final class HookNames {

    private HookNames() {}

    /**
     * @param generateName the manifest's {@code metadata.generateName}
     * @param revision the revision synced (a commit SHA or a chart version; may be null)
     * @param phase the phase the hook runs in
     * @param startedAt the operation's {@code startedAt} (RFC 3339)
     * @param attempt 0, or the retry: Argo CD keeps {@code startedAt} across retries, so a retry's hooks get
     *     {@code -<attempt>} appended or they would be the failed attempt's objects again
     */
    static String generated(String generateName, String revision, SyncPhase phase, String startedAt, long attempt) {
        String rev = revision == null ? "" : revision.length() >= 8 ? revision.substring(0, 7) : revision;
        long seconds;
        try {
            seconds = Instant.parse(startedAt).getEpochSecond();
        } catch (DateTimeParseException e) {
            seconds = Math.abs((long) startedAt.hashCode());
        }
        String postfix = (rev.isEmpty() ? "" : rev + "-") + phase.argoName() + "-" + seconds
                + (attempt == 0 ? "" : "-" + attempt);
        // A chart version may hold characters a name may not (1.2.3+build): those become '-'.
        return generateName + postfix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }
}
