package com.meatscentral.golden.rules;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Every golden rule, and the selection -Dgolden.verify.rules / skipRules makes. */
public final class Rules {

    private Rules() {
    }

    /** All rules, in report order. The manifest (when it loads) supplies secret names and production environments. */
    public static List<Rule> all(VerifyConfig config, Optional<Manifest> manifest) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new ManifestRule(config));
        rules.add(new DocsRule(config.requiredDocs()));
        rules.add(new TenancyPackagesRule());
        rules.add(new TenancySchemaCodeRule());
        rules.add(new TenantModelRule(config));
        rules.add(new TenantViewSetRule(config));
        rules.add(new TenantUniqueRule(config));
        rules.add(new MigrateAtStartupRule());
        rules.add(new MigrationSafetyRule(config.migrationsSince()));
        rules.add(new WorkflowMigrateRule());
        rules.add(new HealthCheckRule(config));
        rules.add(new ProdLatestRule(productionEnvironments(manifest)));
        rules.add(new EnvFilesRule());
        rules.add(new HardcodedSecretRule(secretNames(manifest), config.manifestPath()));
        rules.add(new WorkflowDriftRule(config.generatedWorkflows()));
        rules.add(new ParentBindingsRule(config));
        return rules;
    }

    /** Logical secret variables and every environment's CI secret names. */
    static Set<String> secretNames(Optional<Manifest> manifest) {
        Set<String> names = new TreeSet<>();
        manifest.ifPresent(m -> {
            m.allVariables().stream().filter(v -> v.isSecret()).forEach(v -> names.add(v.name()));
            m.environmentNames().forEach(e -> names.addAll(m.secretNamesFor(e)));
            names.addAll(m.globalSecrets().keySet());
        });
        return names;
    }

    /** Environments deployed from main, else named prod*. */
    static Set<String> productionEnvironments(Optional<Manifest> manifest) {
        Set<String> prod = new LinkedHashSet<>();
        manifest.ifPresent(m -> m.environments().values().stream()
                .filter(e -> e.branch().map(b -> b.equals("main") || b.equals("master")).orElse(false)
                        || e.name().startsWith("prod"))
                .map(Environment::name).forEach(prod::add));
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
                throw new GoldenException("Unknown golden rule '" + id + "' in -Dgolden.verify.rules/skipRules",
                        "rule ids: " + String.join(", ", ids));
            }
        }
        return all.stream().filter(r -> include.isEmpty() || include.contains(r.id()))
                .filter(r -> !exclude.contains(r.id())).toList();
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
        return java.util.Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
