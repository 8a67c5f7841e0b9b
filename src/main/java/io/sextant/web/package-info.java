/**
 * The server-rendered dashboard: JAX-RS page resources with {@code @CheckedTemplate} Qute
 * templates under templates/&lt;Class&gt;/, small view records, and template extensions. Pages go
 * through {@code service}, never to Kubernetes directly.
 */
package io.sextant.web;
