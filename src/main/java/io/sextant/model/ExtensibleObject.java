package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every spec, status and operation class: fields the class does not declare (written by a
 * newer Argo CD, or by hand) are kept here and written back unchanged, so reading and then updating
 * a resource never drops anything. Absent fields stay absent ({@code NON_NULL}).
 *
 * <p>Like all model classes: a plain mutable bean, not thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ExtensibleObject {

    /**
     * Made on the first unknown field: most objects have none, and a fleet holds tens of these objects per
     * app (at 10,000 apps, 700,000 empty maps were 39 MB of heap; issue 28).
     */
    private Map<String, Object> additionalProperties;

    /** The fields this class does not declare, in the order they were read (read-only when there are none). */
    @JsonAnyGetter
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties == null ? Map.of() : additionalProperties;
    }

    @JsonAnySetter
    public void setAdditionalProperty(String name, Object value) {
        if (additionalProperties == null) {
            additionalProperties = new LinkedHashMap<>();
        }
        additionalProperties.put(name, value);
    }
}
