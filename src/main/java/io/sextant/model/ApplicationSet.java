package io.sextant.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Argo CD's ApplicationSet ({@code argoproj.io/v1alpha1}): generators that yield parameter sets and a
 * template that turns each into an Application (operator-manual/applicationset/). Its status (conditions and
 * the generated apps) is written through the status subresource, as Argo CD's CRD declares one.
 */
@Group("argoproj.io")
@Version("v1alpha1")
@Kind("ApplicationSet")
@Plural("applicationsets")
@Singular("applicationset")
@ShortNames({"appset", "appsets"})
public class ApplicationSet extends ExtensibleResource<ApplicationSetSpec, ApplicationSetStatus>
        implements Namespaced {}
