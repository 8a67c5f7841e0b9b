package io.sextant.api;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.repo.RepoException;
import io.sextant.service.ForbiddenException;
import io.sextant.service.NotFoundException;
import io.sextant.service.OperationRefusedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps failures to Argo's error body and an HTTP status. Messages from Sextant's own checks are
 * shown as they are (they say what to fix); anything unexpected is logged and answered with a
 * generic message, so no internal detail (or secret) leaks.
 */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, 5, e.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(Response.Status.FORBIDDEN, 7, e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(OperationRefusedException e) {
        return error(Response.Status.BAD_REQUEST, 9, e.getMessage());
    }

    @ServerExceptionMapper
    public Response repository(RepoException e) {
        // Repository messages are redacted at the source and say what to fix.
        return switch (e.reason()) {
            case REVISION_NOT_FOUND, PATH_NOT_FOUND -> error(Response.Status.NOT_FOUND, 5, e.getMessage());
            case TRANSPORT -> error(Response.Status.SERVICE_UNAVAILABLE, 14, e.getMessage());
            default -> error(Response.Status.BAD_REQUEST, 3, e.getMessage());
        };
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, 3, e.getMessage());
    }

    @ServerExceptionMapper
    public Response kubernetes(KubernetesClientException e) {
        int status = e.getCode();
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : "the Kubernetes API server failed";
        return switch (status) {
            case 404 -> error(Response.Status.NOT_FOUND, 5, message);
            case 409 -> error(Response.Status.CONFLICT, 10, message);
            case 400, 422 -> error(Response.Status.BAD_REQUEST, 3, message);
            default -> {
                LOG.warnf("Kubernetes API call failed (%d): %s", status, message);
                yield error(
                        Response.Status.SERVICE_UNAVAILABLE,
                        14,
                        "the Kubernetes API server is unavailable: " + message);
            }
        };
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        int code = switch (status) {
            case 400, 415 -> 3;
            case 401 -> 16;
            case 403 -> 7;
            case 404, 405 -> 5;
            case 413 -> 8;
            default -> 13;
        };
        String message = status == 400
                ? "the request body is not valid JSON for this endpoint"
                : status == 413 ? "the request body is too large" : e.getMessage();
        return error(
                Response.Status.fromStatusCode(status) == null
                        ? Response.Status.INTERNAL_SERVER_ERROR
                        : Response.Status.fromStatusCode(status),
                code,
                message);
    }

    static Response error(Response.Status status, int grpcCode, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(grpcCode, message))
                .build();
    }
}
