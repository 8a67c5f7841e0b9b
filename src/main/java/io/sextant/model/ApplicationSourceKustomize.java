package io.sextant.model;

import java.util.List;
import java.util.Map;

/**
 * Kustomize options of a source, applied to the kustomization before building.
 */
public class ApplicationSourceKustomize extends ExtensibleObject {

    private String namePrefix;
    private String nameSuffix;
    /** Image overrides, {@code [old=]name[:tag|@digest]}. */
    private List<String> images;

    private Map<String, String> commonLabels;
    private Map<String, String> commonAnnotations;
    private Boolean commonAnnotationsEnvsubst;
    private Boolean forceCommonLabels;
    private Boolean forceCommonAnnotations;
    private String version;
    private String namespace;
    private List<Replica> replicas;
    /** Kustomize patches, kept free-form ({@code path}, {@code patch}, {@code target}, {@code options}). */
    private List<Map<String, Object>> patches;

    private List<String> components;
    private Boolean ignoreMissingComponents;
    private Boolean labelWithoutSelector;
    private Boolean labelIncludeTemplates;
    private String kubeVersion;
    private List<String> apiVersions;

    public String getNamePrefix() {
        return namePrefix;
    }

    public void setNamePrefix(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    public String getNameSuffix() {
        return nameSuffix;
    }

    public void setNameSuffix(String nameSuffix) {
        this.nameSuffix = nameSuffix;
    }

    public List<String> getImages() {
        return images;
    }

    public void setImages(List<String> images) {
        this.images = images;
    }

    public Map<String, String> getCommonLabels() {
        return commonLabels;
    }

    public void setCommonLabels(Map<String, String> commonLabels) {
        this.commonLabels = commonLabels;
    }

    public Map<String, String> getCommonAnnotations() {
        return commonAnnotations;
    }

    public void setCommonAnnotations(Map<String, String> commonAnnotations) {
        this.commonAnnotations = commonAnnotations;
    }

    public Boolean getCommonAnnotationsEnvsubst() {
        return commonAnnotationsEnvsubst;
    }

    public void setCommonAnnotationsEnvsubst(Boolean commonAnnotationsEnvsubst) {
        this.commonAnnotationsEnvsubst = commonAnnotationsEnvsubst;
    }

    public Boolean getForceCommonLabels() {
        return forceCommonLabels;
    }

    public void setForceCommonLabels(Boolean forceCommonLabels) {
        this.forceCommonLabels = forceCommonLabels;
    }

    public Boolean getForceCommonAnnotations() {
        return forceCommonAnnotations;
    }

    public void setForceCommonAnnotations(Boolean forceCommonAnnotations) {
        this.forceCommonAnnotations = forceCommonAnnotations;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public List<Replica> getReplicas() {
        return replicas;
    }

    public void setReplicas(List<Replica> replicas) {
        this.replicas = replicas;
    }

    public List<Map<String, Object>> getPatches() {
        return patches;
    }

    public void setPatches(List<Map<String, Object>> patches) {
        this.patches = patches;
    }

    public List<String> getComponents() {
        return components;
    }

    public void setComponents(List<String> components) {
        this.components = components;
    }

    public Boolean getIgnoreMissingComponents() {
        return ignoreMissingComponents;
    }

    public void setIgnoreMissingComponents(Boolean ignoreMissingComponents) {
        this.ignoreMissingComponents = ignoreMissingComponents;
    }

    public Boolean getLabelWithoutSelector() {
        return labelWithoutSelector;
    }

    public void setLabelWithoutSelector(Boolean labelWithoutSelector) {
        this.labelWithoutSelector = labelWithoutSelector;
    }

    public Boolean getLabelIncludeTemplates() {
        return labelIncludeTemplates;
    }

    public void setLabelIncludeTemplates(Boolean labelIncludeTemplates) {
        this.labelIncludeTemplates = labelIncludeTemplates;
    }

    public String getKubeVersion() {
        return kubeVersion;
    }

    public void setKubeVersion(String kubeVersion) {
        this.kubeVersion = kubeVersion;
    }

    public List<String> getApiVersions() {
        return apiVersions;
    }

    public void setApiVersions(List<String> apiVersions) {
        this.apiVersions = apiVersions;
    }

    /** A replica count override for a Deployment or StatefulSet. */
    public static class Replica extends ExtensibleObject {
        private String name;
        /** An integer or a string holding one, as written. */
        private Object count;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Object getCount() {
            return count;
        }

        public void setCount(Object count) {
            this.count = count;
        }
    }
}
