package io.sextant.model;

/**
 * State of source hydration.
 */
public class SourceHydratorStatus extends ExtensibleObject {

    /** Only the SHAs and sourceHydrator are set here. */
    private HydrateOperation lastSuccessfulOperation;

    private HydrateOperation currentOperation;

    public HydrateOperation getLastSuccessfulOperation() {
        return lastSuccessfulOperation;
    }

    public void setLastSuccessfulOperation(HydrateOperation lastSuccessfulOperation) {
        this.lastSuccessfulOperation = lastSuccessfulOperation;
    }

    public HydrateOperation getCurrentOperation() {
        return currentOperation;
    }

    public void setCurrentOperation(HydrateOperation currentOperation) {
        this.currentOperation = currentOperation;
    }

    /** A hydration run. */
    public static class HydrateOperation extends ExtensibleObject {
        private String startedAt;
        private String finishedAt;
        /** Hydrating, Failed or Hydrated. */
        private String phase;

        private String message;
        private String drySHA;
        private String hydratedSHA;
        private SourceHydrator sourceHydrator;

        public String getStartedAt() {
            return startedAt;
        }

        public void setStartedAt(String startedAt) {
            this.startedAt = startedAt;
        }

        public String getFinishedAt() {
            return finishedAt;
        }

        public void setFinishedAt(String finishedAt) {
            this.finishedAt = finishedAt;
        }

        public String getPhase() {
            return phase;
        }

        public void setPhase(String phase) {
            this.phase = phase;
        }

        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }

        public String getDrySHA() {
            return drySHA;
        }

        public void setDrySHA(String drySHA) {
            this.drySHA = drySHA;
        }

        public String getHydratedSHA() {
            return hydratedSHA;
        }

        public void setHydratedSHA(String hydratedSHA) {
            this.hydratedSHA = hydratedSHA;
        }

        public SourceHydrator getSourceHydrator() {
            return sourceHydrator;
        }

        public void setSourceHydrator(SourceHydrator sourceHydrator) {
            this.sourceHydrator = sourceHydrator;
        }
    }
}
