/**
 * Sextant's settings: the {@code @ConfigMapping} interfaces over application.properties and the
 * environment, and (later) the settings read from the sextant-cm, sextant-rbac-cm and
 * sextant-secret objects in the cluster. Depends on nothing else in Sextant.
 */
package io.sextant.config;
