package io.sextant.web;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.service.ForbiddenException;
import io.sextant.service.NotFoundException;
import io.sextant.service.OperationRefusedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Errors of pages as a page (the API's mappers answer JSON): each page class maps its exceptions
 * through {@link #of}. Messages are escaped by the template like any other text.
 */
final class ErrorPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String message);
    }

    private ErrorPage() {}

    static Response of(RuntimeException e) {
        int status;
        String message;
        if (e instanceof WebApplicationException w) {
            status = w.getResponse().getStatus();
            message = e.getMessage();
        } else if (e instanceof ForbiddenException) {
            status = 403;
            message = e.getMessage();
        } else if (e instanceof NotFoundException) {
            status = 404;
            message = e.getMessage();
        } else if (e instanceof OperationRefusedException || e instanceof IllegalArgumentException) {
            status = 409;
            message = e.getMessage();
        } else if (e instanceof KubernetesClientException k) {
            status = k.getCode() == 404 ? 404 : k.getCode() == 409 ? 409 : 503;
            message = ApplicationsPage.message(k);
        } else {
            throw e;
        }
        return Response.status(status)
                .type(MediaType.TEXT_HTML)
                .entity(Templates.error(status, message))
                .build();
    }
}
