/**
 * The HTTP API, with Argo CD's paths and JSON shapes so clients written for Argo CD's REST API work:
 * one small JAX-RS resource class per area ({@code /api/v1/applications}, {@code /api/version}, ...),
 * each a thin layer over {@link io.sextant.service} (which does the work and the checks), and
 * {@link io.sextant.api.ApiErrors} turning failures into Argo's error body
 * {@code {"error", "code", "message"}} with the matching HTTP status. Nothing here talks to
 * Kubernetes directly.
 */
package io.sextant.api;
