package io.sextant.repo.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.model.ApplicationSourceKustomize;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import io.sextant.repo.git.Redactor;
import io.sextant.repo.git.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code source.kustomize} as a generated kustomization whose only resource is the
 * application's directory: namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations, images
 * (Argo CD's {@code [old=]new[:tag][@digest]} form), replicas, patches (inline {@code patch} with its
 * {@code target} and {@code options}; a patch file by {@code path} is refused, write it inline) and
 * components (directories of the repository, relative to the application's path). Argo CD edits the application's own
 * kustomization with {@code kustomize edit}; an overlay gives the same result without touching the
 * repository's files or running a second command. Written as JSON (valid YAML), so no value can break
 * out of its field. Stateless.
 */
final class KustomizeOverlay {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KustomizeOverlay() {}

    static boolean needed(ApplicationSourceKustomize k) {
        return k != null
                && (notEmpty(k.getNamePrefix())
                        || notEmpty(k.getNameSuffix())
                        || notEmpty(k.getNamespace())
                        || notEmpty(k.getCommonLabels())
                        || notEmpty(k.getCommonAnnotations())
                        || k.getImages() != null && !k.getImages().isEmpty()
                        || k.getReplicas() != null && !k.getReplicas().isEmpty()
                        || k.getPatches() != null && !k.getPatches().isEmpty()
                        || k.getComponents() != null && !k.getComponents().isEmpty());
    }

    /**
     * The repository paths of {@code source.kustomize.components}, relative to the application's path,
     * each kept inside the repository.
     */
    static List<String> components(String appPath, ApplicationSourceKustomize k) {
        List<String> out = new ArrayList<>();
        for (String c : k == null || k.getComponents() == null ? List.<String>of() : k.getComponents()) {
            if (c == null || c.isBlank() || c.contains("://") || c.startsWith("/")) {
                throw new RepoException(
                        Reason.INVALID_ARGUMENT,
                        "kustomize component '" + Redactor.printable(String.valueOf(c))
                                + "' must be a directory of the repository, relative to the application's path");
            }
            out.add(RepoPaths.normalize((appPath.isEmpty() ? "" : appPath + "/") + c, "kustomize component"));
        }
        return out;
    }

    /** Writes the overlay next to the workspace's repository; @return its directory */
    static Path write(Workspace ws, Path appDir, ApplicationSourceKustomize k) {
        ObjectNode overlay = JSON.createObjectNode();
        overlay.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        overlay.put("kind", "Kustomization");
        Path dir = ws.generated("overlay");
        overlay.putArray("resources").add(dir.relativize(appDir).toString());
        if (notEmpty(k.getNamePrefix())) {
            overlay.put("namePrefix", k.getNamePrefix());
        }
        if (notEmpty(k.getNameSuffix())) {
            overlay.put("nameSuffix", k.getNameSuffix());
        }
        if (notEmpty(k.getNamespace())) {
            overlay.put("namespace", k.getNamespace());
        }
        if (notEmpty(k.getCommonLabels())) {
            overlay.set("commonLabels", JSON.valueToTree(k.getCommonLabels()));
        }
        if (notEmpty(k.getCommonAnnotations())) {
            overlay.set("commonAnnotations", JSON.valueToTree(k.getCommonAnnotations()));
        }
        if (k.getImages() != null && !k.getImages().isEmpty()) {
            ArrayNode images = overlay.putArray("images");
            k.getImages().forEach(image -> images.add(image(image)));
        }
        if (k.getReplicas() != null && !k.getReplicas().isEmpty()) {
            ArrayNode replicas = overlay.putArray("replicas");
            for (ApplicationSourceKustomize.Replica r : k.getReplicas()) {
                replicas.addObject().put("name", r.getName()).put("count", count(r));
            }
        }
        if (k.getPatches() != null && !k.getPatches().isEmpty()) {
            ArrayNode patches = overlay.putArray("patches");
            for (Map<String, Object> p : k.getPatches()) {
                Object text = p == null ? null : p.get("patch");
                if (p == null || p.get("path") != null || !(text instanceof String) || ((String) text).isBlank()) {
                    throw new RepoException(
                            Reason.INVALID_ARGUMENT,
                            "a kustomize patch of the Application is written "
                                    + "inline in 'patch' (with an optional 'target' and 'options'); 'path' is not supported");
                }
                ObjectNode entry = patches.addObject().put("patch", (String) text);
                if (p.get("target") != null) {
                    entry.set("target", JSON.valueToTree(p.get("target")));
                }
                if (p.get("options") != null) {
                    entry.set("options", JSON.valueToTree(p.get("options")));
                }
            }
        }
        if (k.getComponents() != null && !k.getComponents().isEmpty()) {
            ArrayNode components = overlay.putArray("components");
            for (String c : components(ws.repoDir().relativize(appDir).toString(), k)) {
                components.add(dir.relativize(ws.inRepo(c)).toString());
            }
        }
        try {
            Files.createDirectories(dir);
            Files.write(
                    dir.resolve("kustomization.yaml"),
                    JSON.writeValueAsString(overlay).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kustomize overlay", e);
        }
        return dir;
    }

    /** {@code [old=]new[:tag][@digest]} as a kustomize images entry. */
    static ObjectNode image(String spec) {
        ObjectNode out = JSON.createObjectNode();
        String name = null;
        String rest = spec;
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            name = spec.substring(0, eq);
            rest = spec.substring(eq + 1);
        }
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty() || name != null && name.isEmpty()) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "kustomize image '" + Redactor.printable(spec) + "' is not of the form [old=]new[:tag][@digest]");
        }
        out.put("name", name == null ? rest : name);
        if (name != null) {
            out.put("newName", rest);
        }
        if (tag != null) {
            out.put("newTag", tag);
        }
        if (digest != null) {
            out.put("digest", digest);
        }
        return out;
    }

    private static int count(ApplicationSourceKustomize.Replica r) {
        Object c = r.getCount();
        try {
            return c instanceof Number n
                    ? n.intValue()
                    : Integer.parseInt(String.valueOf(c).trim());
        } catch (NumberFormatException e) {
            throw new RepoException(
                    Reason.INVALID_ARGUMENT,
                    "kustomize replicas count for '" + Redactor.printable(String.valueOf(r.getName()))
                            + "' is not a number");
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean notEmpty(Map<?, ?> m) {
        return m != null && !m.isEmpty();
    }
}
