package io.sextant.model;

import java.util.List;
import java.util.Map;

/**
 * Helm options of a source ({@code helm template} flags and values).
 */
public class ApplicationSourceHelm extends ExtensibleObject {

    private List<String> valueFiles;
    /** Values as one YAML string. */
    private String values;
    /** Values as a free-form object; wins over {@code values}. */
    private Map<String, Object> valuesObject;

    private List<Parameter> parameters;
    private List<FileParameter> fileParameters;
    private String releaseName;
    private Boolean passCredentials;
    private Boolean ignoreMissingValueFiles;
    private Boolean skipCrds;
    private Boolean skipTests;
    private Boolean skipSchemaValidation;
    private String version;
    private String namespace;
    private String kubeVersion;
    private List<String> apiVersions;

    public List<String> getValueFiles() {
        return valueFiles;
    }

    public void setValueFiles(List<String> valueFiles) {
        this.valueFiles = valueFiles;
    }

    public String getValues() {
        return values;
    }

    public void setValues(String values) {
        this.values = values;
    }

    public Map<String, Object> getValuesObject() {
        return valuesObject;
    }

    public void setValuesObject(Map<String, Object> valuesObject) {
        this.valuesObject = valuesObject;
    }

    public List<Parameter> getParameters() {
        return parameters;
    }

    public void setParameters(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    public List<FileParameter> getFileParameters() {
        return fileParameters;
    }

    public void setFileParameters(List<FileParameter> fileParameters) {
        this.fileParameters = fileParameters;
    }

    public String getReleaseName() {
        return releaseName;
    }

    public void setReleaseName(String releaseName) {
        this.releaseName = releaseName;
    }

    public Boolean getPassCredentials() {
        return passCredentials;
    }

    public void setPassCredentials(Boolean passCredentials) {
        this.passCredentials = passCredentials;
    }

    public Boolean getIgnoreMissingValueFiles() {
        return ignoreMissingValueFiles;
    }

    public void setIgnoreMissingValueFiles(Boolean ignoreMissingValueFiles) {
        this.ignoreMissingValueFiles = ignoreMissingValueFiles;
    }

    public Boolean getSkipCrds() {
        return skipCrds;
    }

    public void setSkipCrds(Boolean skipCrds) {
        this.skipCrds = skipCrds;
    }

    public Boolean getSkipTests() {
        return skipTests;
    }

    public void setSkipTests(Boolean skipTests) {
        this.skipTests = skipTests;
    }

    public Boolean getSkipSchemaValidation() {
        return skipSchemaValidation;
    }

    public void setSkipSchemaValidation(Boolean skipSchemaValidation) {
        this.skipSchemaValidation = skipSchemaValidation;
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

    /** A {@code --set} (or {@code --set-string} with forceString) parameter. */
    public static class Parameter extends ExtensibleObject {
        private String name;
        private String value;
        private Boolean forceString;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public Boolean getForceString() {
            return forceString;
        }

        public void setForceString(Boolean forceString) {
            this.forceString = forceString;
        }
    }

    /** A {@code --set-file} parameter. */
    public static class FileParameter extends ExtensibleObject {
        private String name;
        private String path;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }
}
