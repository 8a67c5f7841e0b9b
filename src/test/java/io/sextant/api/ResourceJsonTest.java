package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.service.ResourceSamples;
import org.junit.jupiter.api.Test;

/**
 * The typed reads written as Argo's JSON give the bytes the API gave when it passed JSON through: the
 * same fields in the same order, the same omissions. With {@code RemoteControllerTest}, which reads the
 * same JSON into the same values, this also says a split install's server answers what its controller
 * sent, byte for byte.
 */
class ResourceJsonTest {

    /** What Quarkus writes answers with: its ObjectMapper, no indentation. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theResourceTreeIsArgosApplicationTree() throws Exception {
        assertThat(JSON.writeValueAsString(ResourceJson.tree(ResourceSamples.TREE)))
                .isEqualTo(ResourceSamples.TREE_JSON);
    }

    @Test
    void theManagedResourcesAreArgosManagedResourcesResponse() throws Exception {
        assertThat(JSON.writeValueAsString(ResourceJson.managed(ResourceSamples.MANAGED)))
                .isEqualTo(ResourceSamples.MANAGED_JSON);
    }
}
