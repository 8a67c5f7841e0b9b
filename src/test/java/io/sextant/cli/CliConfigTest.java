package io.sextant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The config every command reads: the quick JSON reader and the YAML reader agree on what {@code login}
 * writes, and whatever the quick reader does not take goes to the YAML reader as before.
 */
class CliConfigTest {

    @Test
    void whatLoginSavesIsReadBackByTheQuickReaderWithEveryField() throws Exception {
        CliConfig c = new CliConfig();
        c.server = "sextant.example:8443";
        c.core = true;
        c.token = "tok\"en\\with\u00e9";
        c.plaintext = true;
        c.insecure = true;
        c.namespace = "argo";
        c.kubeconfig = "/home/u/.kube/other";
        Path file = Files.createTempDirectory("cli-config").resolve("config");
        c.save(file);

        CliConfig quick = CliConfig.readJson(Files.readString(file));
        assertThat(quick).as("the JSON save writes is read without SnakeYAML").isNotNull();
        // Every field, found by reflection: a field added to CliConfig but not to readJson fails here.
        Field[] fields = Arrays.stream(CliConfig.class.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .toArray(Field[]::new);
        assertThat(fields).hasSize(7);
        for (Field f : fields) {
            assertThat(f.get(quick)).as(f.getName()).isEqualTo(f.get(c));
        }
        assertThat(CliConfig.load(file)).usingRecursiveComparison().isEqualTo(c);
    }

    @Test
    void unknownFieldsAreSkippedAndMissingOnesKeepTheirDefaults() {
        CliConfig c = CliConfig.readJson(
                "{\"server\": \"h:1\", \"extra\": {\"a\": [1, {\"b\": null}]}, \"plaintext\": false}");
        assertThat(c).isNotNull();
        assertThat(c.server).isEqualTo("h:1");
        assertThat(c.plaintext).isFalse();
        assertThat(c.core).isFalse();
        assertThat(c.token).isNull();
    }

    @Test
    void anythingElseGoesToTheYamlReader() throws Exception {
        assertThat(CliConfig.readJson("server: h:1\nplaintext: true\n")).isNull();
        assertThat(CliConfig.readJson("{\"plaintext\": \"true\"}"))
                .as("a string for a boolean")
                .isNull();
        assertThat(CliConfig.readJson("{\"server\": 8080}"))
                .as("a number for a string")
                .isNull();
        assertThat(CliConfig.readJson("{\"server\": \"h\"} trailing")).isNull();
        assertThat(CliConfig.readJson("{\"server\": \"h\"")).isNull();

        Path dir = Files.createTempDirectory("cli-config");
        Path yaml = Files.writeString(dir.resolve("yaml"), "server: h:1\nplaintext: true\ntoken: t\n");
        CliConfig c = CliConfig.load(yaml);
        assertThat(c.server).isEqualTo("h:1");
        assertThat(c.plaintext).isTrue();
        assertThat(c.token).isEqualTo("t");
        // As before: Jackson's binding takes "true" for a boolean.
        assertThat(CliConfig.load(Files.writeString(dir.resolve("coerced"), "{\"plaintext\": \"true\"}")).plaintext)
                .isTrue();
        Path broken = Files.writeString(dir.resolve("broken"), "{\"server\": [");
        assertThatThrownBy(() -> CliConfig.load(broken))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("cannot read the config " + broken);
    }
}
