package io.sextant.repo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns the bytes of one manifest file into Kubernetes objects, with Argo CD's rules for a Directory
 * source:
 * <ul>
 * <li>YAML ({@code .yaml}, {@code .yml}): documents split on {@code ---}, empty ones skipped. A file
 *     none of whose documents has {@code apiVersion}, {@code kind} or {@code metadata} is not a manifest
 *     (a tool's config) and is ignored, as is a file with a syntax error that does not mention all three
 *     words. Otherwise every document must be a valid object.</li>
 * <li>JSON ({@code .json}): exactly one object; a top-level array is refused, as Argo CD refuses it.</li>
 * <li>An object with an {@code items} array (a {@code List} kind) is replaced by its items, as kubectl
 *     does; {@code items: null} without spec/status is an empty list.</li>
 * <li>Every object needs a non-empty {@code apiVersion}, {@code kind} and {@code metadata.name} (or
 *     {@code metadata.generateName}, which hooks use); otherwise the error names the file, the document
 *     (from 1) and, in a list, the item (from 1).</li>
 * </ul>
 * Not thread-safe; one per render (it shares the render's budget).
 */
final class ManifestReader {

    /** What one file gave: its objects, or null when the file is ignored as not being manifests. */
    record FileResult(List<ObjectNode> objects) {
        boolean ignored() {
            return objects == null;
        }
    }

    private final RenderBudget budget;
    private final ObjectMapper json;

    ManifestReader(RenderBudget budget) {
        this.budget = budget;
        RenderLimits limits = budget.limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()))
                        .maxDocumentLength(limits.maxFileBytes())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    FileResult read(String file, byte[] content) {
        if (file.endsWith(".json")) {
            return new FileResult(fromJson(file, content));
        }
        return fromYaml(file, content);
    }

    private List<ObjectNode> fromJson(String file, byte[] content) {
        JsonNode tree;
        try (JsonParser parser = json.createParser(content)) {
            tree = json.readTree(parser);
        } catch (StreamConstraintsException e) {
            throw new RepoException(Reason.LIMIT_EXCEEDED, file + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException processing
                    ? withoutTokens(processing.getOriginalMessage()) + location(processing)
                    : e.getMessage();
            throw new RepoException(Reason.INVALID_MANIFEST, file + ": invalid JSON: " + message);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new RepoException(Reason.INVALID_MANIFEST, file + ": the JSON file is empty");
        }
        countNodes(tree, file);
        if (!tree.isObject()) {
            throw new RepoException(
                    Reason.INVALID_MANIFEST,
                    file + ": a JSON manifest file must hold one object, not "
                            + (tree.isArray()
                                    ? "an array"
                                    : "a " + tree.getNodeType().name().toLowerCase()));
        }
        List<ObjectNode> out = new ArrayList<>();
        addObject(out, (ObjectNode) tree, file, 1);
        return out;
    }

    private FileResult fromYaml(String file, byte[] content) {
        List<JsonNode> documents;
        try {
            documents = new YamlDocuments(file, budget).parse(content);
        } catch (YamlDocuments.SyntaxError e) {
            String text = new String(content, StandardCharsets.UTF_8);
            if (text.contains("apiVersion:") && text.contains("kind:") && text.contains("metadata:")) {
                throw new RepoException(Reason.INVALID_MANIFEST, e.getMessage());
            }
            return new FileResult(null);
        }
        boolean anyManifest = documents.stream().anyMatch(ManifestReader::looksLikeManifest);
        if (!anyManifest) {
            return new FileResult(null);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            if (document == null || document.isNull()) {
                continue;
            }
            if (!document.isObject()) {
                throw new RepoException(
                        Reason.INVALID_MANIFEST,
                        file + ": document " + (i + 1) + " is not a Kubernetes object (it is " + article(document)
                                + ")");
            }
            addObject(out, (ObjectNode) document, file, i + 1);
        }
        return new FileResult(out);
    }

    /** Adds {@code object}, or its items when it is a List. */
    private void addObject(List<ObjectNode> out, ObjectNode object, String file, int document) {
        String where = file + ": document " + document;
        JsonNode items = object.get("items");
        if (items != null && items.isArray()) {
            requireTypeFields(object, where);
            int index = 0;
            for (JsonNode item : items) {
                index++;
                String itemWhere = where + ", item " + index;
                if (!item.isObject()) {
                    throw new RepoException(Reason.INVALID_MANIFEST, itemWhere + ": is not an object");
                }
                validate((ObjectNode) item, itemWhere);
                budget.object(file);
                out.add((ObjectNode) item);
            }
            return;
        }
        if (items != null && items.isNull() && !object.has("spec") && !object.has("status")) {
            return; // an empty List written as items: null
        }
        validate(object, where);
        budget.object(file);
        out.add(object);
    }

    private static void validate(ObjectNode object, String where) {
        requireTypeFields(object, where);
        JsonNode metadata = object.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw new RepoException(Reason.INVALID_MANIFEST, where + ": missing metadata");
        }
        if (!nonEmptyText(metadata.get("name")) && !nonEmptyText(metadata.get("generateName"))) {
            throw new RepoException(Reason.INVALID_MANIFEST, where + ": missing metadata.name");
        }
    }

    private static void requireTypeFields(ObjectNode object, String where) {
        if (!nonEmptyText(object.get("apiVersion"))) {
            throw new RepoException(Reason.INVALID_MANIFEST, where + ": missing apiVersion");
        }
        if (!nonEmptyText(object.get("kind"))) {
            throw new RepoException(Reason.INVALID_MANIFEST, where + ": missing kind");
        }
    }

    private static boolean looksLikeManifest(JsonNode document) {
        return document != null
                && document.isObject()
                && (document.has("apiVersion") || document.has("kind") || document.has("metadata"));
    }

    private static boolean nonEmptyText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty();
    }

    private static String article(JsonNode node) {
        return node.isArray() ? "a list" : "a " + node.getNodeType().name().toLowerCase() + " value";
    }

    private void countNodes(JsonNode tree, String file) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(tree);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            budget.node(file);
            if (node.isContainerNode()) {
                node.forEach(todo::push);
            }
        }
    }

    /** Jackson quotes the offending token, which may be part of a Secret's value: leave it out. */
    private static String withoutTokens(String message) {
        return message == null
                ? "invalid JSON"
                : message.replaceAll("Unrecognized token '[^']*'", "Unrecognized token");
    }

    private static String location(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
