package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model of a schema-valid v3.3 manifest (the reference document's format: environments with
 * a prefix, {@code variables} by category, secret names by mapping, pattern or {@code {PREFIX}_{VAR}}),
 * with the rules across fields the schema cannot express. Problems are recorded on the document.
 */
final class V3Reader {

    static final Set<String> ENVIRONMENT_KEYS = Set.of(
            "type",
            "prefix",
            "django_settings",
            "github_environment",
            "branch",
            "url",
            "legacy",
            "deployment_target",
            "hosts",
            "bastion");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private final ManifestDocument doc;
    private final JsonNode root;

    V3Reader(ManifestDocument doc) {
        this.doc = doc;
        this.root = doc.root();
    }

    Manifest build() {
        Map<String, Environment> environments = environments();
        Map<String, GlobalSecret> globals = new LinkedHashMap<>();
        root.path("global_secrets")
                .fields()
                .forEachRemaining(e -> globals.put(
                        e.getKey(),
                        new GlobalSecret(
                                e.getKey(), e.getValue().path("description").asText(""))));
        Map<Variable.Category, Map<String, Variable>> variables = variables(environments);
        return ManifestSections.manifest(doc, environments, variables, globals, SensitiveMarks.v3(root));
    }

    private Map<String, Environment> environments() {
        return ManifestSections.environments(doc, (node, b) -> {
            b.prefix = node.path("prefix").asText();
            b.branch = ManifestDocument.text(node, "branch");
            b.legacy = ManifestDocument.text(node, "legacy");
        });
    }

    /**
     * An environment's extra text field is fine only when a variable reads it (config_key); else it
     * is a typo. Runs with the schema check (on the JSON), so that both kinds of problem are listed together.
     */
    static void checkConfigFields(ManifestDocument doc) {
        JsonNode root = doc.root();
        Set<String> read = new LinkedHashSet<>();
        root.path("variables")
                .forEach(category ->
                        category.forEach(v -> read.add(v.path("config_key").asText("django_settings"))));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.path("environments").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            e.getValue().fieldNames().forEachRemaining(key -> {
                if (ENVIRONMENT_KEYS.contains(key) || read.contains(key)) {
                    return;
                }
                Optional<String> closest = ClosestName.to(key, ENVIRONMENT_KEYS);
                doc.problem(
                        "/environments/" + ManifestDocument.escape(e.getKey()) + "/" + ManifestDocument.escape(key),
                        "unknown key \"" + key + "\""
                                + closest.map(c -> " (did you mean \"" + c + "\"?)")
                                        .orElse(""),
                        "use one of " + String.join(", ", List.copyOf(new java.util.TreeSet<>(ENVIRONMENT_KEYS)))
                                + "; an extra setting is allowed only when a variable reads it with"
                                + " \"value_source\": \"environment_config\", \"config_key\": \"" + key + "\"");
            });
        }
    }

    private Map<Variable.Category, Map<String, Variable>> variables(Map<String, Environment> environments) {
        Map<Variable.Category, Map<String, Variable>> byCategory = new LinkedHashMap<>();
        Map<String, String> seenAt = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> cats = root.path("variables").fields(); cats.hasNext(); ) {
            Map.Entry<String, JsonNode> c = cats.next();
            String catAt = "/variables/" + ManifestDocument.escape(c.getKey());
            Optional<Variable.Category> category = Variable.Category.fromJson(c.getKey());
            if (category.isEmpty()) {
                continue; // the schema refused it
            }
            Map<String, Variable> vars = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                String at = catAt + "/" + ManifestDocument.escape(name);
                if (seenAt.containsKey(name)) {
                    doc.problem(
                            at,
                            "variable " + name + " is also defined at " + seenAt.get(name),
                            "keep one definition: a logical variable belongs to one category");
                    continue;
                }
                seenAt.put(name, at);
                EnvironmentRules.reserved(doc, at, name);
                vars.put(name, variable(category.get(), name, e.getValue(), at, environments));
            }
            byCategory.put(category.get(), vars);
        }
        return byCategory;
    }

    private Variable variable(
            Variable.Category category, String name, JsonNode node, String at, Map<String, Environment> environments) {
        Map<String, String> mapping =
                ManifestSections.byEnvironment(doc, node, "ci_secret_mapping", name, at, environments);
        Variable.ValueSource source = ManifestSections.valueSource(node);
        boolean required = !node.has("required") || node.get("required").asBoolean();
        Variable v = Variable.of(name, category, b -> {
            b.description = node.path("description").asText("");
            b.ciSecretMapping = mapping;
            b.ciSecretPattern = ManifestDocument.text(node, "ci_secret_pattern");
            b.defaultValue = ManifestDocument.text(node, "default");
            b.required = required;
            b.valueSource = source;
            b.configKey = ManifestDocument.text(node, "config_key").orElse("django_settings");
        });
        checkResolvable(v, at, environments);
        return v;
    }

    /** Every environment the variable applies to must get a secret name or a config value. */
    private void checkResolvable(Variable v, String at, Map<String, Environment> environments) {
        for (Environment env : environments.values()) {
            if (!v.appliesTo(env)) {
                continue;
            }
            if (!v.isSecret()) {
                if (env.configValue(v.configKey()).isEmpty()) {
                    doc.problem(
                            at,
                            v.name() + " (value_source environment_config) cannot be resolved for environment '"
                                    + env.name() + "': it has no \"" + v.configKey() + "\"",
                            "add \"" + v.configKey() + "\" to /environments/" + env.name() + ", or make " + v.name()
                                    + " a secret (remove value_source)");
                    return;
                }
                continue;
            }
            if (v.ciSecretMapping().containsKey(env.name())
                    || v.ciSecretPattern().isEmpty()) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(v.ciSecretPattern().get());
            while (m.find()) {
                if (!"PREFIX".equals(m.group(1))) {
                    doc.problem(
                            at + "/ci_secret_pattern",
                            v.name() + " cannot be resolved for environment '" + env.name()
                                    + "': ci_secret_pattern uses unknown placeholder {" + m.group(1) + "}",
                            "the only placeholder is {PREFIX}; or give '" + env.name()
                                    + "' an explicit name in ci_secret_mapping");
                    return;
                }
            }
        }
    }
}
