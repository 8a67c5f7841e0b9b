package io.sextant.web;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sextant.service.ApplicationService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.logging.Logger;

/** The first page: the Applications found in the cluster (the dashboard grows from here). */
@Path("/")
public class ApplicationsPage {

    private static final Logger LOG = Logger.getLogger(ApplicationsPage.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ApplicationRow> apps, String namespace, String error);
    }

    private final ApplicationService applications;

    public ApplicationsPage(ApplicationService applications) {
        this.applications = applications;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        try {
            List<ApplicationRow> rows = applications.list().stream().map(ApplicationRow::of).toList();
            return Templates.list(rows, applications.namespace(), null);
        } catch (KubernetesClientException e) {
            // The page still renders and says what is wrong; the API server may come back.
            LOG.warnf("Listing Applications failed: %s", e.getMessage());
            return Templates.list(List.of(), applications.namespace(),
                    "Cannot list Applications from the Kubernetes API (" + e.getCode() + "): " + e.getMessage());
        }
    }
}
