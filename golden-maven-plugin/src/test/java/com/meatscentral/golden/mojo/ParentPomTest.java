package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * golden-parent states a service's build requirements as the plugin states its own: the same
 * minimum Maven and Java (the plugin descriptor's requiredMavenVersion/requiredJavaVersion), an
 * enforcer execution that checks them, and the enforcer version the reactor pins (golden-parent
 * does not inherit the reactor POM, so it repeats the number).
 */
class ParentPomTest {

    private static final Path PARENT = Path.of("../golden-parent/pom.xml");
    private static final Path REACTOR = Path.of("../pom.xml");
    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

    private static String element(Path file, String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                .matcher(Files.readString(file));
        assertThat(m.find()).as(file + " has <" + name + ">").isTrue();
        return m.group(1).strip();
    }

    @Test
    void theParentRequiresWhatThePluginRequires() throws Exception {
        assertThat(element(PARENT, "golden.requiredMavenVersion"))
                .isEqualTo(element(DESCRIPTOR, "requiredMavenVersion"));
        assertThat(element(PARENT, "golden.requiredJavaVersion"))
                .isEqualTo(element(DESCRIPTOR, "requiredJavaVersion"))
                .isEqualTo(element(REACTOR, "maven.compiler.release"));
    }

    @Test
    void theParentEnforcesThemWithTheReactorsEnforcerVersion() throws Exception {
        assertThat(element(PARENT, "golden.enforcer.version")).isEqualTo(element(REACTOR, "enforcer-plugin.version"));
        String parent = Files.readString(PARENT);
        assertThat(parent)
                .contains(
                        "<requireMavenVersion>",
                        "<version>${golden.requiredMavenVersion}</version>",
                        "<requireJavaVersion>",
                        "<version>${golden.requiredJavaVersion}</version>",
                        "<goal>enforce</goal>");
        // Bound before golden-maven-plugin's executions, so that it runs first at validate.
        int build = parent.indexOf("<build>");
        int plugins = parent.indexOf("<plugins>", parent.indexOf("</pluginManagement>"));
        assertThat(parent.indexOf("maven-enforcer-plugin", plugins))
                .isLessThan(parent.indexOf("golden-maven-plugin", plugins))
                .isGreaterThan(build);
    }

    /** The parent's own properties, not goal parameters: versions and the enforcer's requirements. */
    private static final Set<String> NOT_PARAMETERS = Set.of(
            "golden.version", "golden.requiredMavenVersion", "golden.requiredJavaVersion", "golden.enforcer.version");

    /**
     * Every {@code golden.*} property the parent sets is one a goal reads: a misspelt or renamed one
     * (it once set {@code golden.verify.appsRoot} while the goal read {@code appsRoots}) would be
     * silently ignored.
     */
    @Test
    void everyGoldenPropertyOfTheParentIsReadByAGoal() throws Exception {
        String descriptor = Files.readString(DESCRIPTOR);
        Matcher m = Pattern.compile("<(golden\\.[A-Za-z0-9_.]+)>").matcher(Files.readString(PARENT));
        List<String> unread = new ArrayList<>();
        while (m.find()) {
            String property = m.group(1);
            if (!NOT_PARAMETERS.contains(property) && !descriptor.contains("${" + property + "}")) {
                unread.add(property);
            }
        }
        assertThat(unread).as("golden-parent properties no goal reads").isEmpty();
    }
}
