package io.sextant.model;

import java.util.List;

/**
 * URLs and images found in an Application's resources.
 */
public class ApplicationSummary extends ExtensibleObject {

    private List<String> externalURLs;
    private List<String> images;

    public List<String> getExternalURLs() {
        return externalURLs;
    }

    public void setExternalURLs(List<String> externalURLs) {
        this.externalURLs = externalURLs;
    }

    public List<String> getImages() {
        return images;
    }

    public void setImages(List<String> images) {
        this.images = images;
    }
}
