package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One name per setting across goals: a {@code -D} property that several goals read is the same
 * {@code <configuration>} element in each, so one plugin-level configuration sets it for all of
 * them (e.g. {@code golden.migrate.lockWaitSeconds} is {@code <migrateLockWaitSeconds>} in
 * golden:migrate and golden:deploy). Read from the generated plugin descriptor.
 */
class OneNamePerSettingTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    private static final Pattern EXPRESSION = Pattern.compile("^\\$\\{([A-Za-z0-9_.\\-]+)}$");

    /** property -> parameter name -> goals that read the property through that name. */
    private static Map<String, Map<String, List<String>>> namesByProperty() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(DESCRIPTOR.toFile());
        Map<String, Map<String, List<String>>> out = new TreeMap<>();
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal").getTextContent().strip();
            Element configuration = child(mojo, "configuration");
            if (configuration == null) {
                continue;
            }
            for (Node c = configuration.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element conf) {
                    Matcher m = EXPRESSION.matcher(conf.getTextContent().strip());
                    if (m.matches() && m.group(1).startsWith("golden.")) {
                        out.computeIfAbsent(m.group(1), k -> new TreeMap<>())
                                .computeIfAbsent(conf.getTagName(), k -> new ArrayList<>())
                                .add(goal);
                    }
                }
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void everyPropertyHasOneParameterNameInEveryGoal() throws Exception {
        Map<String, Map<String, List<String>>> properties = namesByProperty();
        assertThat(properties).containsKeys("golden.migrate.lockWaitSeconds", "golden.migrate.timeoutMinutes");
        List<String> problems = new ArrayList<>();
        properties.forEach((property, names) -> {
            if (names.size() > 1) {
                problems.add(property + " is " + names);
            }
        });
        assertThat(problems)
                .as("a -D property read under different <configuration> names by different goals")
                .isEmpty();
    }

    @Test
    void theMigrationImageIsMigrateImageInMigrateAndStatus() throws Exception {
        assertThat(namesByProperty().get("golden.migrate.image")).containsOnlyKeys("migrateImage");
    }

    @Test
    void theMigrationLockWaitIsMigrateLockWaitSecondsInMigrateAndDeploy() throws Exception {
        assertThat(namesByProperty().get("golden.migrate.lockWaitSeconds"))
                .containsOnlyKeys("migrateLockWaitSeconds")
                .extractingByKey("migrateLockWaitSeconds")
                .satisfies(goals -> assertThat(new TreeSet<>(goals)).contains("deploy", "migrate"));
    }
}
