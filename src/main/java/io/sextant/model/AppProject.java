package io.sextant.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Argo CD's AppProject ({@code argoproj.io/v1alpha1}): the sources, destinations and resource
 * kinds its Applications may use, sync windows, and project roles.
 */
@Group("argoproj.io")
@Version("v1alpha1")
@Kind("AppProject")
@Plural("appprojects")
@Singular("appproject")
@ShortNames({"appproj", "appprojs"})
public class AppProject extends ExtensibleResource<AppProjectSpec, AppProjectStatus> implements Namespaced {}
