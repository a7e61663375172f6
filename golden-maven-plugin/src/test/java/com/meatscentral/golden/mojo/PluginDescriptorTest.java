package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What {@code mvn golden:help -Ddetail} shows a user, from the generated plugin descriptor: every
 * parameter a user can set has a description, and no goal description sends the user to a
 * file of golden's repository (docs/goals/*.md), which a service's project does not have.
 */
class PluginDescriptorTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

    private static List<Element> mojos() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(DESCRIPTOR.toFile());
        NodeList nodes = doc.getElementsByTagName("mojo");
        List<Element> mojos = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            mojos.add((Element) nodes.item(i));
        }
        return mojos;
    }

    private static String text(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return "";
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void everyParameterAUserCanSetHasADescription() throws Exception {
        List<String> undescribed = new ArrayList<>();
        for (Element mojo : mojos()) {
            String goal = text(mojo, "goal");
            for (Element parameters : children(mojo, "parameters")) {
                for (Element p : children(parameters, "parameter")) {
                    if (!"false".equals(text(p, "editable"))
                            && text(p, "description").isEmpty()) {
                        undescribed.add(goal + ":" + text(p, "name"));
                    }
                }
            }
        }
        assertThat(mojos()).hasSizeGreaterThan(10);
        assertThat(undescribed)
                .as("parameters golden:help -Ddetail shows without a description")
                .isEmpty();
    }

    @Test
    void noGoalDescriptionPointsAtAFileOfGoldensRepository() throws Exception {
        List<String> pointing = new ArrayList<>();
        for (Element mojo : mojos()) {
            String description = text(mojo, "description");
            if (description.isEmpty() || description.matches("(?s).*docs/goals/[a-z]+\\.md.*")) {
                pointing.add(text(mojo, "goal") + ": " + description);
            }
        }
        assertThat(pointing)
                .as("goal descriptions that are empty or name docs/goals/*.md (not in a service's project)")
                .isEmpty();
    }
}
