package io.sextant.api;

/**
 * The error body of Argo CD's API (grpc-gateway's): {@code error} and {@code message} carry the same
 * text, {@code code} is the gRPC status code (3 invalid argument, 5 not found, 7 permission denied,
 * 9 failed precondition, 13 internal, 14 unavailable, 16 unauthenticated).
 */
public record ApiError(String error, int code, String message) {

    public static ApiError of(int grpcCode, String message) {
        return new ApiError(message, grpcCode, message);
    }
}
