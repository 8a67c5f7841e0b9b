package io.sextant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.model.OperationPhase;
import java.io.PrintWriter;

/** Waiting for an operation the CLI asked for, and printing its outcome the way argocd does. */
final class Operations {

    private Operations() {}

    /**
     * Polls until the operation asked for after {@code before} (the operationState read before asking)
     * has ended. @return the Application then. @throws CliException after {@code timeoutSeconds} (0: no limit)
     */
    static JsonNode await(Backend backend, String name, JsonNode before, long timeoutSeconds) {
        long deadline = timeoutSeconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            JsonNode app = backend.get(name, null);
            JsonNode state = app.path("status").path("operationState");
            boolean pending = app.hasNonNull("operation");
            if (!pending
                    && state.isObject()
                    && OperationPhase.isCompleted(Views.text(state, "phase"))
                    && !state.equals(before)) {
                return app;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("timed out after " + timeoutSeconds + "s waiting for the operation on '" + name
                        + "'; it goes on: see sextant app get " + name);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }
    }

    /** Prints the app, the operation and its result table; @return the exit code (1 unless Succeeded). */
    static int report(PrintWriter out, PrintWriter err, JsonNode app) {
        JsonNode state = app.path("status").path("operationState");
        Views.details(out, app);
        Views.operation(out, state);
        Views.results(out, app, state);
        out.flush();
        String phase = Views.text(state, "phase");
        if (!OperationPhase.SUCCEEDED.is(phase)) {
            err.println("Operation has completed with phase: " + phase);
            err.println("Message: " + Views.text(state, "message"));
            err.flush();
            return 1;
        }
        return 0;
    }
}
