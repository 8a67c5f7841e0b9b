package io.sextant.model;

/**
 * How a failed sync is retried.
 */
public class RetryStrategy extends ExtensibleObject {

    /** Attempts; 0 means none, negative means without end. */
    private Long limit;

    private Backoff backoff;
    /** Retry with the latest revision rather than the first one. */
    private Boolean refresh;

    public Long getLimit() {
        return limit;
    }

    public void setLimit(Long limit) {
        this.limit = limit;
    }

    public Backoff getBackoff() {
        return backoff;
    }

    public void setBackoff(Backoff backoff) {
        this.backoff = backoff;
    }

    public Boolean getRefresh() {
        return refresh;
    }

    public void setRefresh(Boolean refresh) {
        this.refresh = refresh;
    }

    /** Wait between attempts: {@code duration * factor^attempt}, at most {@code maxDuration}. */
    public static class Backoff extends ExtensibleObject {
        /** Seconds, or a duration such as {@code 2m}. */
        private String duration;

        private Long factor;
        private String maxDuration;

        public String getDuration() {
            return duration;
        }

        public void setDuration(String duration) {
            this.duration = duration;
        }

        public Long getFactor() {
            return factor;
        }

        public void setFactor(Long factor) {
            this.factor = factor;
        }

        public String getMaxDuration() {
            return maxDuration;
        }

        public void setMaxDuration(String maxDuration) {
            this.maxDuration = maxDuration;
        }
    }
}
