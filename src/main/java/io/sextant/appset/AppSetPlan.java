package io.sextant.appset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.Application;
import io.sextant.model.ApplicationSet;
import io.sextant.model.ApplicationSetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one set wants: the Applications its generators and template give, the problems of single apps
 * (a duplicate name: those are left out and reported, the others still applied, as Argo CD does) and when
 * to generate again. A set that cannot be generated at all throws, and nothing is changed.
 */
record AppSetPlan(List<Application> apps, List<String> problems, Optional<Duration> requeueAfter) {

    static final Set<String> POLICIES = Set.of("create-only", "create-update", "create-delete", "sync");

    /**
     * @throws AppSetException when a field is not implemented, a generator fails, the template cannot be
     *     rendered or the set gives more than {@code maxApps} apps
     */
    static AppSetPlan of(ApplicationSet set, GeneratorSources sources, int maxApps, ObjectMapper json) {
        ApplicationSetSpec spec = set.getSpec();
        if (spec == null || spec.getTemplate() == null) {
            throw new AppSetException(AppSetException.Reason.RENDER, "spec.template is required");
        }
        refuseUnsupported(spec);
        Interpolation interpolation = Interpolation.of(Boolean.TRUE.equals(spec.getGoTemplate()));
        JsonNode project = spec.getTemplate().path("spec").path("project");
        if (project.isTextual() && FastTemplate.hasTag(project.asText())) {
            // Argo CD's API refuses templated projects too (Security.md): whoever writes the generator's source
            // (a Git file, a cluster label) would choose the project, and with it what the apps may do.
            throw new AppSetException(
                    AppSetException.Reason.RENDER,
                    "spec.template.spec.project '" + project.asText() + "' is templated: a generator's source would"
                            + " choose the project the apps are bound by; name the project in the template (one set"
                            + " per project)");
        }
        if (spec.getGenerators() == null || spec.getGenerators().isEmpty()) {
            throw new AppSetException(AppSetException.Reason.GENERATE, "spec.generators is empty: add a generator");
        }
        Generators generators =
                new Generators(sources, Boolean.TRUE.equals(spec.getApplyNestedSelectors()), maxApps, interpolation);
        Map<String, Application> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < spec.getGenerators().size(); i++) {
            ObjectNode generator = spec.getGenerators().get(i);
            List<Map<String, String>> params = generators.generate(generator, i);
            ObjectNode template = AppTemplate.effective(spec.getTemplate(), generatorTemplate(generator));
            for (Map<String, String> p : params) {
                total++;
                if (total > maxApps) {
                    throw new AppSetException(
                            AppSetException.Reason.GENERATE,
                            "the set generates more than " + maxApps + " applications (sextant.applicationset"
                                    + ".max-apps): nothing was changed; narrow the generators or raise the bound");
                }
                Application app = AppTemplate.render(template, p, set, json, interpolation);
                String name = app.getMetadata().getName();
                String given = app.getSpec().getProject();
                if (!project.asText("").equals(given)) {
                    // A generator's own template, or a templated key, must not move apps out of the set's
                    // project: RBAC and the API checked that project, not another.
                    throw new AppSetException(
                            AppSetException.Reason.RENDER,
                            "application " + name + " would be in project '" + given + "', not the set's project '"
                                    + project.asText("") + "' (spec.template.spec.project): a set's apps stay in"
                                    + " its project; remove the project from the generator's template");
                }
                if (byName.putIfAbsent(name, app) != null) {
                    problems.add("ApplicationSet " + set.getMetadata().getName()
                            + " contains applications with duplicate name: " + name);
                }
            }
        }
        return new AppSetPlan(List.copyOf(byName.values()), problems, generators.requeueAfter());
    }

    /** The {@code template} inside a top-level generator's member ({@code list.template} and so on). */
    private static JsonNode generatorTemplate(ObjectNode generator) {
        for (String member : List.of("list", "clusters", "git", "matrix", "merge")) {
            if (generator.has(member)) {
                return generator.get(member).get("template");
            }
        }
        return null;
    }

    private static void refuseUnsupported(ApplicationSetSpec spec) {
        List<String> refused = new ArrayList<>();
        List<String> options = spec.getGoTemplateOptions();
        if (options != null && !options.isEmpty()) {
            // Sextant's Go templates always stop at a missing key (Argo CD's missingkey=error); other options would
            // ask for something else, so only that one is taken.
            boolean onlyError = options.stream().allMatch("missingkey=error"::equals);
            if (!Boolean.TRUE.equals(spec.getGoTemplate()) || !onlyError) {
                refused.add(
                        "goTemplateOptions " + options
                                + " (with goTemplate: true Sextant takes only [\"missingkey=error\"], which it always applies)");
            }
        }
        if (spec.getTemplatePatch() != null
                && !spec.getTemplatePatch().isBlank()
                && !Boolean.TRUE.equals(spec.getGoTemplate())) {
            refused.add("templatePatch without goTemplate: true (Argo CD takes it only with Go templates)");
        }
        if (spec.getStrategy() != null && !spec.getStrategy().isNull()) {
            refused.add("strategy (progressive syncs)");
        }
        IgnoredDifferences.check(spec.getIgnoreApplicationDifferences()).ifPresent(refused::add);
        if (spec.getSyncPolicy() != null
                && !spec.getSyncPolicy().getAdditionalProperties().isEmpty()) {
            refused.add("spec.syncPolicy."
                    + String.join(
                            ", spec.syncPolicy.",
                            spec.getSyncPolicy().getAdditionalProperties().keySet()));
        }
        if (!spec.getAdditionalProperties().isEmpty()) {
            refused.add("spec."
                    + String.join(", spec.", spec.getAdditionalProperties().keySet()));
        }
        if (!refused.isEmpty()) {
            throw new AppSetException(
                    AppSetException.Reason.RENDER,
                    "not supported by Sextant yet: " + String.join(", ", refused)
                            + "; remove it, or keep this set on Argo CD for now");
        }
        String policy =
                spec.getSyncPolicy() == null ? null : spec.getSyncPolicy().getApplicationsSync();
        if (policy != null && !POLICIES.contains(policy)) {
            throw new AppSetException(
                    AppSetException.Reason.RENDER,
                    "spec.syncPolicy.applicationsSync '" + policy
                            + "' is not create-only, create-update, create-delete or sync");
        }
    }
}
