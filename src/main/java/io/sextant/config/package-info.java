/**
 * Sextant's settings: the {@code @ConfigMapping} interfaces over application.properties and the
 * environment ({@code SextantConfig}), the settings kept in the cluster's {@code sextant-cm}
 * ({@code ClusterSettings}), the build's version ({@code BuildVersion}) and the self-signed certificate
 * made at start when none is given ({@code SelfSignedCertificate}). Depends on nothing else in Sextant.
 */
package io.sextant.config;
