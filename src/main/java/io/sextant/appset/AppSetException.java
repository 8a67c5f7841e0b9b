package io.sextant.appset;

/**
 * A set that cannot be generated or rendered, with what to fix; its reason picks the condition reason
 * Argo CD writes ({@code ApplicationGenerationFromParamsError} for generators,
 * {@code RenderTemplateParamsError} for the template).
 */
final class AppSetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    enum Reason {
        GENERATE("ApplicationGenerationFromParamsError"),
        RENDER("RenderTemplateParamsError");

        final String condition;

        Reason(String condition) {
            this.condition = condition;
        }
    }

    private final Reason reason;

    AppSetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    AppSetException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
