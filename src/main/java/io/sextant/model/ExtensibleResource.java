package io.sextant.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fabric8 {@link CustomResource} that keeps top-level fields it does not declare, like
 * {@link ExtensibleObject} does for nested objects (Java allows one superclass, hence two bases).
 *
 * @param <S> the spec class
 * @param <T> the status class
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ExtensibleResource<S, T> extends CustomResource<S, T> {

    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    /** The top-level fields this class does not declare, in the order they were read. */
    @JsonAnyGetter
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties;
    }

    @JsonAnySetter
    public void setAdditionalProperty(String name, Object value) {
        additionalProperties.put(name, value);
    }
}
