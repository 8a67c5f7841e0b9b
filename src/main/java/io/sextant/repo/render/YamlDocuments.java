package io.sextant.repo.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.repo.RepoException;
import io.sextant.repo.RepoException.Reason;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses one YAML file into JSON trees, one per document, with SnakeYAML's safe constructor and hard
 * limits: aliases to collections ({@link RenderLimits#maxAliases()}), nesting depth, code points per file,
 * no duplicate keys, and a budget of JSON nodes that counts every alias expansion (so an alias bomb that
 * stays under the alias limit still cannot blow up memory).
 *
 * <p>Values follow Kubernetes' YAML reading (YAML 1.1 scalars as sigs.k8s.io/yaml reads them): booleans
 * include yes/no/on/off, merge keys {@code <<} are applied, timestamps stay strings, {@code !!binary}
 * becomes its base64 text, non-string keys become their text. Not thread-safe; one instance per file.
 */
final class YamlDocuments {

    /** A YAML syntax problem, which Argo CD tolerates in files that do not look like manifests. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final String file;
    private final RenderBudget budget;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    YamlDocuments(String file, RenderBudget budget) {
        this.file = file;
        this.budget = budget;
    }

    /**
     * The documents of {@code content}; an empty document is a null element (callers skip it, but it
     * keeps its place in the numbering).
     *
     * @throws SyntaxError   for malformed YAML (not for limits or duplicate keys)
     * @throws RepoException LIMIT_EXCEEDED or INVALID_MANIFEST, naming the file and document
     */
    List<JsonNode> parse(byte[] content) {
        RenderLimits limits = budget.limits;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()));
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        Yaml yaml = new Yaml(
                new SafeConstructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new KubernetesResolver());
        List<JsonNode> out = new ArrayList<>();
        int document = 0;
        try {
            Iterator<Object> docs = yaml.loadAll(new UnicodeReader(new ByteArrayInputStream(content)))
                    .iterator();
            while (true) {
                document++;
                if (!docs.hasNext()) {
                    break;
                }
                Object value = docs.next();
                out.add(value == null ? null : toJson(value, 0, document));
            }
        } catch (DuplicateKeyException e) {
            throw new RepoException(Reason.INVALID_MANIFEST, where(document) + ": " + describe(e));
        } catch (MarkedYAMLException e) {
            throw new SyntaxError(where(document) + ": " + describe(e));
        } catch (YAMLException e) {
            // Limits (aliases, nesting, code points) and other refusals: never tolerated.
            String message = String.valueOf(e.getMessage());
            boolean limit = message.contains("exceed");
            throw new RepoException(
                    limit ? Reason.LIMIT_EXCEEDED : Reason.INVALID_MANIFEST, where(document) + ": " + message);
        } catch (StackOverflowError e) {
            throw new RepoException(Reason.LIMIT_EXCEEDED, where(document) + ": the YAML nests too deeply");
        }
        return out;
    }

    private String where(int document) {
        return file + ": document " + document;
    }

    /** The problem and its position, without the snippet of the file (it could hold a Secret's value). */
    private static String describe(MarkedYAMLException e) {
        Mark mark = e.getProblemMark();
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        return mark == null
                ? problem
                : problem + " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private JsonNode toJson(Object value, int depth, int document) {
        if (depth > budget.limits.maxNestingDepth()) {
            // Also stops self-referencing structures (&a [*a]).
            throw new RepoException(
                    Reason.LIMIT_EXCEEDED,
                    where(document) + ": nesting deeper than " + budget.limits.maxNestingDepth()
                            + " levels (or a structure that contains itself)");
        }
        budget.node(file);
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof String s) {
            return nodes.textNode(s);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof BigInteger big) {
            return nodes.numberNode(big);
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new RepoException(
                        Reason.INVALID_MANIFEST,
                        where(document) + ": the value " + d + " cannot be represented in JSON");
            }
            return nodes.numberNode(d);
        }
        if (value instanceof Number n) {
            return nodes.numberNode(n.doubleValue());
        }
        if (value instanceof byte[] bytes) {
            return nodes.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Date date) {
            return nodes.textNode(date.toInstant().toString());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                object.set(key(entry.getKey(), document), toJson(entry.getValue(), depth + 1, document));
            }
            return object;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            for (Object item : list) {
                array.add(toJson(item, depth + 1, document));
            }
            return array;
        }
        return nodes.textNode(String.valueOf(value));
    }

    private String key(Object key, int document) {
        if (key instanceof String s) {
            return s;
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Number || key instanceof Boolean) {
            return String.valueOf(key);
        }
        throw new RepoException(
                Reason.INVALID_MANIFEST,
                where(document) + ": a mapping key is a collection, which JSON cannot represent");
    }

    /**
     * SnakeYAML's YAML 1.1 implicit types minus timestamps: Kubernetes' YAML reader leaves
     * {@code 2024-01-01} a string, and so must we, or a diff would show a changed value.
     */
    private static final class KubernetesResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
