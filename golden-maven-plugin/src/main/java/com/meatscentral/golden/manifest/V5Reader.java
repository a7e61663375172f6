package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model of a schema-valid v5.x manifest (the reference repository's format). No prefixes: a
 * variable's CI secret name is its name, scoped by the environment's GitHub environment.
 * {@code repository_secrets} become repository-level variables of every environment;
 * {@code environment_secrets} categories map to the model's ({@code backend_application} is
 * {@link Variable.Category#APPLICATION}); {@code values} give an environment its value (not a
 * secret there); {@code validation} lists must name declared secrets and decide "required" where
 * a secret does not say.
 */
final class V5Reader {

    /** deployment_target -> the branch that deploys it, the reference repository's convention. */
    static final Map<String, String> BRANCH_OF_TARGET =
            Map.of("development", "development", "uat", "uat", "production", "main");

    /** v5 category keys -> the model's categories (v3 uses the model's names directly). */
    static final Map<String, Variable.Category> CATEGORIES = Map.of(
            "infrastructure", Variable.Category.INFRASTRUCTURE,
            "backend_application", Variable.Category.APPLICATION,
            "frontend_runtime", Variable.Category.FRONTEND_RUNTIME);

    private static final List<String> APPLIES_TO = List.of(Variable.BACKENDS, Variable.FRONTENDS, Variable.ALL);

    private final ManifestDocument doc;
    private final JsonNode root;
    private final Map<String, Set<String>> validation = new LinkedHashMap<>();

    V5Reader(ManifestDocument doc) {
        this.doc = doc;
        this.root = doc.root();
        root.path("validation").fields().forEachRemaining(e -> {
            Set<String> names = new LinkedHashSet<>();
            e.getValue().forEach(n -> names.add(n.asText()));
            validation.put(e.getKey(), names);
        });
    }

    Manifest build() {
        Map<String, Environment> environments = environments();
        Map<String, GlobalSecret> globals = new LinkedHashMap<>();
        Map<Variable.Category, Map<String, Variable>> variables = new LinkedHashMap<>();
        Map<String, String> seenAt = new LinkedHashMap<>();
        repositorySecrets(globals, variables, seenAt);
        environmentSecrets(environments, variables, seenAt);
        implicitSettingsModule(environments, variables, seenAt);
        checkValidation(seenAt.keySet());
        return ManifestSections.manifest(doc, environments, variables, globals, SensitiveMarks.v5(root));
    }

    /** v5 has no prefix and no legacy note; a branch is given or follows the deployment_target. */
    private Map<String, Environment> environments() {
        return ManifestSections.environments(
                doc,
                (node, b) -> b.branch = ManifestDocument.text(node, "branch")
                        .or(() ->
                                ManifestDocument.text(node, "deployment_target").map(BRANCH_OF_TARGET::get)));
    }

    private void repositorySecrets(
            Map<String, GlobalSecret> globals,
            Map<Variable.Category, Map<String, Variable>> variables,
            Map<String, String> seenAt) {
        Set<String> required = validation.getOrDefault("required_repository_secrets", Set.of());
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.path("repository_secrets").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            String at = "/repository_secrets/" + ManifestDocument.escape(name);
            boolean isRequired = node.has("required") ? node.get("required").asBoolean() : required.contains(name);
            List<String> usedBy = new ArrayList<>();
            if (node.path("used_by").isArray()) {
                node.path("used_by").forEach(u -> usedBy.add(u.asText()));
            } else if (node.has("used_by")) {
                usedBy.add(node.path("used_by").asText());
            }
            globals.put(name, new GlobalSecret(name, node.path("description").asText(""), isRequired, usedBy));
            EnvironmentRules.reserved(doc, at, name);
            seenAt.put(name, at);
            variables
                    .computeIfAbsent(Variable.Category.INFRASTRUCTURE, c -> new LinkedHashMap<>())
                    .put(name, Variable.of(name, Variable.Category.INFRASTRUCTURE, b -> {
                        b.description = node.path("description").asText("");
                        b.ciSecretPattern = Optional.of(name);
                        b.required = isRequired;
                        b.appliesTo = Set.of(Variable.ALL);
                        b.repository = true;
                    }));
        }
    }

    private void environmentSecrets(
            Map<String, Environment> environments,
            Map<Variable.Category, Map<String, Variable>> variables,
            Map<String, String> seenAt) {
        for (Iterator<Map.Entry<String, JsonNode>> cats =
                        root.path("environment_secrets").fields();
                cats.hasNext(); ) {
            Map.Entry<String, JsonNode> c = cats.next();
            Variable.Category category = CATEGORIES.get(c.getKey());
            if (category == null) {
                continue; // the schema refused it
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                String at = "/environment_secrets/" + c.getKey() + "/" + ManifestDocument.escape(name);
                if (seenAt.containsKey(name)) {
                    doc.problem(
                            at,
                            "secret " + name + " is also declared at " + seenAt.get(name),
                            "keep one declaration: a secret belongs to one category (and is either a repository or an"
                                    + " environment secret)");
                    continue;
                }
                seenAt.put(name, at);
                EnvironmentRules.reserved(doc, at, name);
                variables
                        .computeIfAbsent(category, k -> new LinkedHashMap<>())
                        .put(name, secret(category, name, e.getValue(), at, environments));
            }
        }
    }

    private Variable secret(
            Variable.Category category, String name, JsonNode node, String at, Map<String, Environment> environments) {
        Set<String> appliesTo = new LinkedHashSet<>();
        JsonNode applies = node.path("applies_to");
        for (int i = 0; i < applies.size(); i++) {
            String entry = applies.get(i).asText();
            if (APPLIES_TO.contains(entry) || environments.containsKey(entry)) {
                appliesTo.add(entry);
                continue;
            }
            List<String> known = new ArrayList<>(APPLIES_TO);
            known.addAll(environments.keySet());
            doc.problem(
                    at + "/applies_to/" + i,
                    "applies_to entry \"" + entry + "\" is neither an environment nor a kind"
                            + ClosestName.to(entry, known)
                                    .map(k -> " (did you mean \"" + k + "\"?)")
                                    .orElse(""),
                    "use \"backend environments\", \"frontend environments\", \"all environments\" or an environment"
                            + " name: " + String.join(", ", environments.keySet()));
        }
        Map<String, String> values = ManifestSections.byEnvironment(doc, node, "values", name, at, environments);
        Variable.ValueSource source = ManifestSections.valueSource(node);
        return Variable.of(name, category, b -> {
            b.description = node.path("description").asText("");
            b.ciSecretPattern = Optional.of(name);
            b.defaultValue = Optional.ofNullable(node.get("default")).map(JsonNode::asText);
            b.required = required(category, name, node);
            b.valueSource = source;
            b.configKey = ManifestDocument.text(node, "config_key").orElse("django_settings");
            b.appliesTo = appliesTo;
            b.values = values;
        });
    }

    /** The secret's own "required", else the validation lists (required_*_secrets, optional_secrets), else true. */
    private boolean required(Variable.Category category, String name, JsonNode node) {
        if (node.has("required")) {
            return node.get("required").asBoolean();
        }
        if (validation.getOrDefault("optional_secrets", Set.of()).contains(name)) {
            return false;
        }
        return true;
    }

    /** A v5 backend's settings module is its django_settings, unless the manifest declares the variable itself. */
    private void implicitSettingsModule(
            Map<String, Environment> environments,
            Map<Variable.Category, Map<String, Variable>> variables,
            Map<String, String> seenAt) {
        if (seenAt.containsKey("DJANGO_SETTINGS_MODULE")
                || environments.values().stream().noneMatch(Environment::isBackend)) {
            return;
        }
        variables
                .computeIfAbsent(Variable.Category.APPLICATION, k -> new LinkedHashMap<>())
                .put(
                        "DJANGO_SETTINGS_MODULE",
                        Variable.of("DJANGO_SETTINGS_MODULE", Variable.Category.APPLICATION, b -> {
                            b.description =
                                    "Django settings module: the environment's django_settings (implicit in v5 manifests)";
                            b.valueSource = Variable.ValueSource.ENVIRONMENT_CONFIG;
                        }));
    }

    /** Every name a validation list gives must be a declared secret. */
    private void checkValidation(Set<String> declared) {
        validation.forEach((list, names) -> {
            int i = 0;
            for (String name : names) {
                if (!declared.contains(name)) {
                    doc.problem(
                            "/validation/" + list + "/" + i,
                            "validation." + list + " names " + name
                                    + ", which the manifest does not declare"
                                    + ClosestName.to(name, declared)
                                            .map(c -> " (did you mean " + c + "?)")
                                            .orElse(""),
                            "declare " + name + " under repository_secrets or environment_secrets, or remove it from"
                                    + " the list");
                }
                i++;
            }
        });
    }
}
