package io.sextant.web;

import io.sextant.model.Application;
import java.util.Optional;

/** One Application as the list page shows it; absent fields read as an empty string or Unknown. */
public record ApplicationRow(String name, String project, String repoURL, String path, String targetRevision,
        String destinationServer, String destinationNamespace, String syncStatus, String healthStatus) {

    static ApplicationRow of(Application app) {
        var spec = Optional.ofNullable(app.getSpec());
        var source = spec.map(s -> s.getSource());
        var destination = spec.map(s -> s.getDestination());
        var status = Optional.ofNullable(app.getStatus());
        return new ApplicationRow(
                app.getMetadata().getName(),
                spec.map(s -> s.getProject()).orElse(""),
                source.map(s -> s.getRepoURL()).orElse(""),
                source.map(s -> s.getPath()).orElse(""),
                source.map(s -> s.getTargetRevision()).orElse("HEAD"),
                destination.map(d -> d.getServer() != null ? d.getServer() : d.getName()).orElse(""),
                destination.map(d -> d.getNamespace()).orElse(""),
                status.map(s -> s.getSync()).map(s -> s.getStatus()).orElse("Unknown"),
                status.map(s -> s.getHealth()).map(h -> h.getStatus()).orElse("Unknown"));
    }
}
