package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The loaded {@code config/env.manifest.json}: environments in file order, variables by
 * category (file order within each), the declared repository-level secrets, and the variables'
 * {@code "sensitive"} marks by JSON pointer ({@code /variables/<category>/<NAME>/sensitive}).
 * Build one with {@link ManifestLoader#load(Path)}.
 */
public record Manifest(
        Path source,
        String project,
        String version,
        Optional<String> description,
        Map<String, Environment> environments,
        Map<Variable.Category, Map<String, Variable>> variables,
        Map<String, GlobalSecret> globalSecrets,
        Map<String, JsonNode> sensitiveMarks,
        RoleBindings roles) {

    public Manifest {
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        Map<Variable.Category, Map<String, Variable>> byCategory = new LinkedHashMap<>();
        for (Variable.Category c : Variable.Category.values()) {
            byCategory.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(variables.getOrDefault(c, Map.of()))));
        }
        variables = Collections.unmodifiableMap(byCategory);
        globalSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(globalSecrets));
        sensitiveMarks = Collections.unmodifiableMap(new LinkedHashMap<>(sensitiveMarks));
        description = description == null ? Optional.empty() : description;
        roles = roles == null ? RoleBindings.DEFAULT : roles;
    }

    /** The format's major version: 3 (the reference document's v3.3) or 5 (the reference repository's v5.x). */
    public int majorVersion() {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    public boolean isV5() {
        return majorVersion() >= 5;
    }

    /**
     * This manifest with {@code overrides} (role key -> variable, e.g. the POM's {@code <roles>})
     * on top of its own {@code "roles"}; one message lists every binding that names no role or
     * no declared variable.
     */
    public Manifest withRoles(Map<String, String> overrides, String origin) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        List<String> declared = allVariables().stream().map(Variable::name).toList();
        return new Manifest(
                source,
                project,
                version,
                description,
                environments,
                variables,
                globalSecrets,
                sensitiveMarks,
                roles.with(overrides, declared, origin + " (for " + source + ")"));
    }

    /** The environment called {@code name}; a typo gets "did you mean". */
    public Environment environment(String name) {
        Environment env = environments.get(name);
        if (env != null) {
            return env;
        }
        Optional<String> closest = ClosestName.to(name == null ? "" : name, environments.keySet());
        throw new GoldenException(
                "Unknown environment '" + name + "' in " + source
                        + closest.map(c -> ": did you mean '" + c + "'?").orElse(""),
                "use one of " + String.join(", ", environments.keySet()) + " (e.g. -Denv="
                        + closest.orElse(environments.keySet().iterator().next()) + ")");
    }

    public List<String> environmentNames() {
        return List.copyOf(environments.keySet());
    }

    /** Every variable, in category order then file order. */
    public List<Variable> allVariables() {
        List<Variable> all = new ArrayList<>();
        variables.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** The variable called {@code name} in any category. */
    public Optional<Variable> variable(String name) {
        return allVariables().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The variables that apply to {@code envName}, each with its secret name there. */
    public List<ResolvedVariable> variablesFor(String envName) {
        Environment env = environment(envName);
        List<ResolvedVariable> resolved = new ArrayList<>();
        for (Variable v : allVariables()) {
            if (!v.appliesTo(env)) {
                continue;
            }
            resolved.add(ResolvedVariable.of(v, env));
        }
        return List.copyOf(resolved);
    }

    /** The distinct secret names {@code envName} reads, in variable order. */
    public Set<String> secretNamesFor(String envName) {
        Set<String> names = new LinkedHashSet<>();
        variablesFor(envName).forEach(v -> v.secretName().ifPresent(names::add));
        return Collections.unmodifiableSet(names);
    }

    /** Whether {@code secretName} is declared a repository-level (global) secret. */
    public boolean isGlobalSecret(String secretName) {
        return globalSecrets.containsKey(secretName);
    }

    /**
     * The values of {@code envName}'s variables, read from {@code processEnv} under their
     * secret names (how a CI job sees {@code secrets.*}); defaults and environment config fill in.
     */
    public EnvironmentValues valuesFor(String envName, Map<String, String> processEnv) {
        return new EnvironmentValues(environment(envName), variablesFor(envName), processEnv, roles);
    }
}
