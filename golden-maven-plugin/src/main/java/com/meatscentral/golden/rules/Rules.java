package com.meatscentral.golden.rules;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every golden rule, and the selection -Dgolden.verify.rules / skipRules makes. */
public final class Rules {

    private Rules() {}

    /** All rules, in report order. The manifest (when it loads) supplies secret names and production environments. */
    public static List<Rule> all(VerifyConfig config, Optional<Manifest> manifest) {
        return all(config, manifest, Optional.empty());
    }

    /**
     * All rules; those that need the manifest say so as a violation when it does not load, and
     * workflow-drift says why when the workflows cannot be generated ({@code generationProblem}:
     * message and fix).
     */
    public static List<Rule> all(
            VerifyConfig config, Optional<Manifest> manifest, Optional<String[]> generationProblem) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new ManifestRule(config));
        rules.add(new DocsRule(config));
        rules.add(new TenancyPackagesRule());
        rules.add(new TenancySchemaCodeRule());
        rules.add(new TenantModelRule(config));
        rules.add(new TenantViewSetRule(config));
        rules.add(new TenantUniqueRule(config));
        rules.add(new TenantForeignKeyRule(config));
        rules.add(new MigrateAtStartupRule());
        rules.add(new MigrationSafetyRule(config.migrationsSince()));
        rules.add(new WorkflowMigrateRule());
        rules.add(new HealthCheckRule(config));
        rules.add(needsManifest(new ProdLatestRule(productionEnvironments(manifest)), config, manifest));
        rules.add(new EnvFilesRule());
        rules.add(
                needsManifest(new HardcodedSecretRule(config.manifestPath(), sensitivity(manifest)), config, manifest));
        Rule drift = new WorkflowDriftRule(config.generatedWorkflows());
        rules.add(generationProblem
                .<Rule>map(p -> new UncheckedRule(
                        drift, config.manifestPath(), "the workflows cannot be generated: " + p[0], p[1]))
                .orElse(needsManifest(drift, config, manifest)));
        rules.add(new ParentBindingsRule(config));
        return rules;
    }

    private static Rule needsManifest(Rule rule, VerifyConfig config, Optional<Manifest> manifest) {
        return manifest.isPresent()
                ? rule
                : new UncheckedRule(
                        rule,
                        config.manifestPath(),
                        config.manifestPath() + " does not load (see [manifest]), and this rule reads it",
                        "repair the manifest; `mvn golden:verify -Dgolden.verify.rules=manifest` lists its problems");
    }

    /** The manifest's own word on which variables are secrets ("sensitive": true|false), by name and secret name. */
    static SecretSensitivity sensitivity(Optional<Manifest> manifest) {
        return manifest.map(SecretSensitivity::of).orElse(SecretSensitivity.byNameOnly());
    }

    /** Environments deployed from main, else named prod*. */
    static Set<String> productionEnvironments(Optional<Manifest> manifest) {
        Set<String> prod = new LinkedHashSet<>();
        manifest.ifPresent(m -> m.environments().values().stream()
                .filter(e -> e.branch()
                                .map(b -> b.equals("main") || b.equals("master"))
                                .orElse(false)
                        || e.name().startsWith("prod"))
                .map(Environment::name)
                .forEach(prod::add));
        if (prod.isEmpty()) {
            prod.addAll(List.of("prod2-backend", "prod2-frontend"));
        }
        return prod;
    }

    /** The rules to run: {@code include} (empty = all) minus {@code exclude}; an unknown id is a user error. */
    public static List<Rule> select(List<Rule> all, List<String> include, List<String> exclude) {
        Set<String> ids = new LinkedHashSet<>();
        all.forEach(r -> ids.add(r.id()));
        for (String id : concat(include, exclude)) {
            if (!ids.contains(id)) {
                throw new GoldenException(
                        "Unknown golden rule '" + id + "' in -Dgolden.verify.rules/skipRules",
                        "rule ids: " + String.join(", ", ids));
            }
        }
        return all.stream()
                .filter(r -> include.isEmpty() || include.contains(r.id()))
                .filter(r -> !exclude.contains(r.id()))
                .toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Splits a comma/space separated property value. */
    public static List<String> ids(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(csv.split("[,\\s]+"))
                .filter(s -> !s.isBlank())
                .toList();
    }
}
