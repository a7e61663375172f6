package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the v3.3 and v5.x readers read alike: the environments (type, settings module, GitHub
 * environment, URL, text fields, checked across fields) and the manifest's own fields (project,
 * version, description, roles). Each reader adds what only its format has.
 */
final class ManifestSections {

    private ManifestSections() {}

    /**
     * The document's environments by name, in its order, each checked by {@link EnvironmentRules};
     * {@code formatFields} sets what differs by format (v3's prefix and legacy note, the branch).
     */
    static Map<String, Environment> environments(
            ManifestDocument doc, java.util.function.BiConsumer<JsonNode, Environment.Builder> formatFields) {
        JsonNode all = doc.root().path("environments");
        Map<String, Environment> environments = new LinkedHashMap<>();
        all.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode node = e.getValue();
            Environment env = Environment.of(
                    name, Environment.Type.valueOf(node.path("type").asText().toUpperCase(Locale.ROOT)), b -> {
                        b.djangoSettings = ManifestDocument.text(node, "django_settings");
                        b.githubEnvironment = ManifestDocument.text(node, "github_environment")
                                .orElse(name);
                        b.url = ManifestDocument.text(node, "url");
                        b.settings = textFields(node);
                        b.hosts = EnvironmentRules.hosts(node);
                        formatFields.accept(node, b);
                    });
            EnvironmentRules.check(doc, "/environments/" + ManifestDocument.escape(name), env, all);
            environments.put(name, env);
        });
        return environments;
    }

    /** The model: the document's own fields, the parts a reader read, and the roles its variables play. */
    static Manifest manifest(
            ManifestDocument doc,
            Map<String, Environment> environments,
            Map<Variable.Category, Map<String, Variable>> variables,
            Map<String, GlobalSecret> globals,
            Map<String, JsonNode> sensitiveMarks) {
        JsonNode root = doc.root();
        return new Manifest(
                doc.file(),
                root.path("project").asText(),
                root.path("version").asText(),
                ManifestDocument.text(root, "description"),
                environments,
                variables,
                globals,
                sensitiveMarks,
                Roles.read(doc, variables));
    }

    /**
     * A variable's per-environment text map ({@code ci_secret_mapping} in v3.3, {@code values} in
     * v5.x); a key that is not an environment is a problem with a did-you-mean, and is left out.
     */
    static Map<String, String> byEnvironment(
            ManifestDocument doc,
            JsonNode variable,
            String field,
            String name,
            String at,
            Map<String, Environment> environments) {
        Map<String, String> byEnvironment = new LinkedHashMap<>();
        variable.path(field).fields().forEachRemaining(e -> {
            if (environments.containsKey(e.getKey())) {
                byEnvironment.put(e.getKey(), e.getValue().asText());
                return;
            }
            doc.problem(
                    at + "/" + field + "/" + ManifestDocument.escape(e.getKey()),
                    field + " of " + name + " names unknown environment '" + e.getKey() + "'"
                            + ClosestName.to(e.getKey(), environments.keySet())
                                    .map(k -> " (did you mean '" + k + "'?)")
                                    .orElse(""),
                    "use one of the environments declared under /environments: "
                            + String.join(", ", environments.keySet()));
        });
        return byEnvironment;
    }

    /** {@code value_source}: a variable is a secret unless it says environment_config. */
    static Variable.ValueSource valueSource(JsonNode variable) {
        return "environment_config".equals(variable.path("value_source").asText())
                ? Variable.ValueSource.ENVIRONMENT_CONFIG
                : Variable.ValueSource.SECRET;
    }

    /** The object's fields whose values are text, e.g. an environment's {@code allowed_hosts}. */
    static Map<String, String> textFields(JsonNode node) {
        Map<String, String> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                fields.put(e.getKey(), e.getValue().asText());
            }
        });
        return fields;
    }
}
