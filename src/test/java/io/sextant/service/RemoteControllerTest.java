package io.sextant.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A split install's server reads the controller's Argo JSON into the values the local controller gives. */
class RemoteControllerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theControllersResourceTreeIsReadIntoTheTypedTree() throws Exception {
        assertThat(RemoteController.tree(JSON.readTree(ResourceSamples.TREE_JSON)))
                .isEqualTo(ResourceSamples.TREE);
    }

    @Test
    void theControllersManagedResourcesAreReadWithTheirStatesParsedOnce() throws Exception {
        assertThat(RemoteController.managed(JSON.readTree(ResourceSamples.MANAGED_JSON)))
                .isEqualTo(ResourceSamples.MANAGED);
    }
}
