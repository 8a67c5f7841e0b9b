/**
 * Readers of the template language Argo CD's users write, shared by the notifications and the ApplicationSets: a
 * subset of Go's text/template ({@link io.sextant.template.GoTemplate}), written by us, that reaches only the data
 * it is given. Plain Java, no CDI; depends on nothing else of Sextant.
 */
package io.sextant.template;
