package io.sextant.sync;

import com.fasterxml.jackson.databind.JsonNode;

/** The sync wave of a manifest or live object. Stateless. */
public final class Waves {

    private Waves() {}

    /**
     * {@code argocd.argoproj.io/sync-wave} when present (an integer, may be negative, surrounding blanks
     * allowed); else {@code helm.sh/hook-weight} when it is an integer (Helm reads a weight it cannot parse
     * as 0, and so does this); else 0.
     *
     * @throws IllegalArgumentException when the sync-wave annotation is not an integer
     */
    public static int of(JsonNode obj) {
        String wave = Annotations.get(obj, Annotations.SYNC_WAVE);
        if (wave != null) {
            try {
                return Integer.parseInt(wave.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Annotations.SYNC_WAVE + " must be an integer such as \"-1\" or "
                        + "\"5\", not " + Annotations.quote(wave));
            }
        }
        String weight = Annotations.get(obj, Annotations.HELM_HOOK_WEIGHT);
        if (weight != null) {
            try {
                return Integer.parseInt(weight.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
