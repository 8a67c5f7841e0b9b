package io.sextant.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An ApplicationSet's spec, field names as Argo CD's {@code applicationset_types.go}. Generators and the
 * template stay JSON trees: the template is rendered string by string, whatever fields it holds, and a
 * generator is one of a union read by the applicationset role, which refuses the members it does not
 * implement instead of ignoring them.
 */
public class ApplicationSetSpec extends ExtensibleObject {

    private Boolean goTemplate;
    private List<String> goTemplateOptions;
    private List<ObjectNode> generators;
    private ObjectNode template;
    private String templatePatch;
    private SyncPolicy syncPolicy;
    private JsonNode strategy;
    private PreservedFields preservedFields;
    private Boolean applyNestedSelectors;
    private JsonNode ignoreApplicationDifferences;

    /** {@code spec.syncPolicy}: which changes the set may make to its apps. */
    public static class SyncPolicy extends ExtensibleObject {
        private Boolean preserveResourcesOnDeletion;
        private String applicationsSync;

        public Boolean getPreserveResourcesOnDeletion() {
            return preserveResourcesOnDeletion;
        }

        public void setPreserveResourcesOnDeletion(Boolean preserveResourcesOnDeletion) {
            this.preserveResourcesOnDeletion = preserveResourcesOnDeletion;
        }

        /** {@code create-only}, {@code create-update}, {@code create-delete} or {@code sync} (null: sync). */
        public String getApplicationsSync() {
            return applicationsSync;
        }

        public void setApplicationsSync(String applicationsSync) {
            this.applicationsSync = applicationsSync;
        }
    }

    /** {@code spec.preservedFields}: annotation and label keys of the apps the set leaves as they are. */
    public static class PreservedFields extends ExtensibleObject {
        private List<String> annotations;
        private List<String> labels;

        public List<String> getAnnotations() {
            return annotations;
        }

        public void setAnnotations(List<String> annotations) {
            this.annotations = annotations;
        }

        public List<String> getLabels() {
            return labels;
        }

        public void setLabels(List<String> labels) {
            this.labels = labels;
        }
    }

    public Boolean getGoTemplate() {
        return goTemplate;
    }

    public void setGoTemplate(Boolean goTemplate) {
        this.goTemplate = goTemplate;
    }

    public List<String> getGoTemplateOptions() {
        return goTemplateOptions;
    }

    public void setGoTemplateOptions(List<String> goTemplateOptions) {
        this.goTemplateOptions = goTemplateOptions;
    }

    public List<ObjectNode> getGenerators() {
        return generators;
    }

    public void setGenerators(List<ObjectNode> generators) {
        this.generators = generators;
    }

    public ObjectNode getTemplate() {
        return template;
    }

    public void setTemplate(ObjectNode template) {
        this.template = template;
    }

    public String getTemplatePatch() {
        return templatePatch;
    }

    public void setTemplatePatch(String templatePatch) {
        this.templatePatch = templatePatch;
    }

    public SyncPolicy getSyncPolicy() {
        return syncPolicy;
    }

    public void setSyncPolicy(SyncPolicy syncPolicy) {
        this.syncPolicy = syncPolicy;
    }

    public JsonNode getStrategy() {
        return strategy;
    }

    public void setStrategy(JsonNode strategy) {
        this.strategy = strategy;
    }

    public PreservedFields getPreservedFields() {
        return preservedFields;
    }

    public void setPreservedFields(PreservedFields preservedFields) {
        this.preservedFields = preservedFields;
    }

    public Boolean getApplyNestedSelectors() {
        return applyNestedSelectors;
    }

    public void setApplyNestedSelectors(Boolean applyNestedSelectors) {
        this.applyNestedSelectors = applyNestedSelectors;
    }

    public JsonNode getIgnoreApplicationDifferences() {
        return ignoreApplicationDifferences;
    }

    public void setIgnoreApplicationDifferences(JsonNode ignoreApplicationDifferences) {
        this.ignoreApplicationDifferences = ignoreApplicationDifferences;
    }
}
