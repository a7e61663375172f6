package com.meatscentral.golden.workflows;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which branch deploys each environment: the manifest's {@code branch} (v3.3) or
 * {@code golden.workflows.branches}, a {@code target=branch} list keyed by the environment's v5
 * {@code deployment_target} (or its name), e.g. {@code development=development,uat=uat,production=main}.
 * An environment with neither is an error naming what to set: a workflow without jobs deploys nothing.
 */
public final class BranchMapping {

    public static final String PROPERTY = "golden.workflows.branches";

    private final Map<String, String> byTarget;

    private BranchMapping(Map<String, String> byTarget) {
        this.byTarget = Map.copyOf(byTarget);
    }

    public static BranchMapping none() {
        return new BranchMapping(Map.of());
    }

    /** Parses {@code target=branch,...}; a malformed entry is a user error naming it. */
    public static BranchMapping parse(String csv) {
        Map<String, String> map = new LinkedHashMap<>();
        if (csv == null || csv.isBlank()) {
            return none();
        }
        List<String> bad = new ArrayList<>();
        for (String entry : csv.split(",")) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (e.isEmpty()) {
                continue;
            }
            if (eq <= 0 || eq == e.length() - 1) {
                bad.add(e);
                continue;
            }
            map.put(e.substring(0, eq).strip(), e.substring(eq + 1).strip());
        }
        if (!bad.isEmpty()) {
            throw new GoldenException(
                    "-D" + PROPERTY + " has entries that are not target=branch: " + String.join(", ", bad),
                    "write it as development=development,uat=uat,production=main");
        }
        return new BranchMapping(map);
    }

    public boolean isEmpty() {
        return byTarget.isEmpty();
    }

    /**
     * The branch of every environment, in manifest order. Throws, listing every environment
     * without one and every mapping key that matches no environment, when either exists.
     */
    public Map<String, String> resolve(Manifest manifest) {
        Map<String, String> branches = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Set<String> targets = new LinkedHashSet<>();
        for (Environment env : manifest.environments().values()) {
            env.deploymentTarget().ifPresent(targets::add);
            Optional<String> key = env.deploymentTarget()
                    .filter(byTarget::containsKey)
                    .or(() -> Optional.of(env.name()).filter(byTarget::containsKey));
            Optional<String> branch = env.branch().or(() -> key.map(byTarget::get));
            key.ifPresent(used::add);
            if (branch.isEmpty()) {
                missing.add(env.name()
                        + env.deploymentTarget()
                                .map(t -> " (deployment_target " + t + ")")
                                .orElse(""));
            } else {
                branches.put(env.name(), branch.get());
            }
        }
        List<String> unknown = byTarget.keySet().stream()
                .filter(k -> !used.contains(k)
                        && !targets.contains(k)
                        && !manifest.environments().containsKey(k))
                .toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("no branch for " + String.join(", ", missing));
        }
        if (!unknown.isEmpty()) {
            problems.add("-D" + PROPERTY + " names " + String.join(", ", unknown)
                    + ", which no environment has as deployment_target or name");
        }
        if (!problems.isEmpty()) {
            String example = targets.isEmpty()
                    ? "development=development,uat=uat,production=main"
                    : String.join(
                            ",",
                            targets.stream()
                                    .map(t -> t + "=" + (t.equals("production") ? "main" : t))
                                    .toList());
            throw new GoldenException(
                    "Cannot tell which branch deploys each environment of " + manifest.source() + ": "
                            + String.join("; ", problems),
                    "set -D" + PROPERTY + "=" + example + " (deployment_target=branch; known targets: "
                            + (targets.isEmpty() ? "none" : String.join(", ", targets))
                            + ") or give each environment a \"branch\" in the manifest");
        }
        return branches;
    }
}
