package com.meatscentral.golden.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the plugin jar a user downloads holds (the one the invoker installed for the ITs, as
 * Maven would resolve it): no test fake, and the SBOM the build publishes beside it names the
 * versions docs/SECURITY.md promises.
 */
class PluginJarContentsTest {

    private static final Path ROOT =
            Path.of(System.getProperty("golden.repo.root")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("golden.version");

    private static Path installed(String classifierAndExtension) {
        return Path.of(
                System.getProperty("golden.it.localRepo"),
                "com/meatscentral/golden/golden-maven-plugin",
                VERSION,
                "golden-maven-plugin-" + VERSION + classifierAndExtension);
    }

    @Test
    void theGitHubStandInIsNotShipped() throws IOException {
        Path jar = installed(".jar");
        assertThat(jar).isRegularFile();
        List<String> entries;
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = Collections.list(file.entries()).stream()
                    .map(e -> e.getName())
                    .toList();
        }
        assertThat(entries)
                .as("the plugin's own classes are there")
                .contains("com/meatscentral/golden/secrets/GitHubSecretsClient.class");
        assertThat(entries).as("no test fake in the shipped jar").noneMatch(e -> e.contains("StandIn"));
    }

    @Test
    void theSbomListsTheRuntimeLibrariesAtOrAboveTheirFloor() throws IOException {
        Path sbom = ROOT.resolve("golden-maven-plugin/target/golden-maven-plugin-" + VERSION + "-cyclonedx.json");
        assertThat(sbom).isRegularFile();
        JsonNode bom = new ObjectMapper().readTree(Files.readString(sbom));
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        List<String> components = new ArrayList<>();
        bom.path("components")
                .forEach(c -> components.add(
                        c.path("name").asText() + ":" + c.path("version").asText()));
        assertThat(components)
                .anyMatch(c -> c.startsWith("sshj:"))
                .noneMatch(c -> c.startsWith("maven-core:")) // provided by Maven, not shipped
                .noneMatch(c -> c.startsWith("junit-jupiter")); // test scope, not shipped
        assertAtLeast(components, "bcprov-jdk18on", 1, 84);
        assertAtLeast(components, "httpclient5", 5, 6, 3);
        assertAtLeast(components, "httpcore5", 5, 4, 3);
    }

    private static void assertAtLeast(List<String> components, String name, int... floor) {
        assertThat(java.util.Arrays.compare(version(components, name), floor))
                .as(name + " at least " + java.util.Arrays.toString(floor))
                .isGreaterThanOrEqualTo(0);
    }

    private static int[] version(List<String> components, String name) {
        String v = components.stream()
                .filter(c -> c.startsWith(name + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in the SBOM: " + components))
                .substring(name.length() + 1);
        return java.util.Arrays.stream(v.split("[.-]"))
                .takeWhile(p -> p.matches("\\d+"))
                .mapToInt(Integer::parseInt)
                .toArray();
    }
}
