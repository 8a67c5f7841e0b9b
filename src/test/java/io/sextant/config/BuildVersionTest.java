package io.sextant.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildVersionTest {

    @Test
    void theReportedVersionIsThePomsInArgosShape() throws Exception {
        String pom = Files.readString(Path.of(System.getProperty("project.root", "."), "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>sextant</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("the project's own version in pom.xml").isTrue();
        String version = m.group(1).replace("-SNAPSHOT", "");
        assertThat(BuildVersion.VERSION).isEqualTo("v" + version + "+sextant");
    }
}
