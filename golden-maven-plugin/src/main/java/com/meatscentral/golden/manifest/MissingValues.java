package com.meatscentral.golden.manifest;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one message that lists everything an environment is missing at once: which role, which
 * variable plays it, which CI secret it is read from, and how to provide the secrets (in GitHub
 * Actions and locally).
 */
final class MissingValues {

    private final EnvironmentValues values;

    MissingValues(EnvironmentValues values) {
        this.values = values;
    }

    /** The unmet needs, one line each: {@code ssh_host -> BASTION_HOST -> secret DEV_HOST}. */
    List<String> unmet(List<RoleNeed> needs) {
        List<String> lines = new ArrayList<>();
        for (RoleNeed need : needs) {
            if (need.anyOf().stream().anyMatch(r -> values.get(r).isPresent())) {
                continue;
            }
            lines.add(need.anyOf().stream().map(this::describe).collect(Collectors.joining(" (or "))
                    + ")".repeat(need.anyOf().size() - 1));
        }
        return lines;
    }

    /** {@code ssh_host -> BASTION_HOST -> secret DEV_HOST}, or what to add when no variable plays the role. */
    String describe(Role role) {
        return values.variableFor(role)
                .map(v -> role.key() + " -> "
                        + values.secretName(v).map(s -> v + " -> secret " + s).orElse(v + " <- environment_config"))
                .orElse(role.key() + " -> no variable of "
                        + values.environment().name() + " plays it (add "
                        + values.roles().suggestedVariable(role) + " to the manifest, or bind the role in \"roles\";"
                        + " aliases: " + String.join(", ", role.aliases()) + ")");
    }

    /** The CI secrets of the unmet needs and of {@code alsoMissing}, each once, for the fix line. */
    List<String> secrets(List<RoleNeed> needs, List<ResolvedVariable> alsoMissing) {
        List<String> names = new ArrayList<>();
        for (RoleNeed need : needs) {
            if (need.anyOf().stream().noneMatch(r -> values.get(r).isPresent())) {
                values.secretName(need.anyOf().get(0)).ifPresent(names::add);
            }
        }
        alsoMissing.forEach(v -> v.secretName().filter(n -> !names.contains(n)).ifPresent(names::add));
        return names;
    }

    /** The failure listing {@code lines}, with how to provide {@code secrets}. */
    GoldenException error(List<String> lines, List<String> secrets) {
        return new GoldenException(
                "Environment " + values.environment().name() + " is missing " + lines.size() + " value"
                        + (lines.size() == 1 ? "" : "s") + " (role or variable -> CI secret):"
                        + lines.stream()
                                .map(l -> System.lineSeparator() + "  " + l)
                                .collect(Collectors.joining()),
                secrets.isEmpty()
                        ? "add the variables named above to config/env.manifest.json (see docs/ROLES.md)"
                        : howToProvideSecrets(secrets));
    }

    String howToProvide(List<ResolvedVariable> missing) {
        return howToProvideSecrets(
                missing.stream().map(m -> m.secretName().orElse(m.name())).toList());
    }

    private String howToProvideSecrets(List<String> secrets) {
        String names = String.join(", ", secrets);
        String first = secrets.get(0);
        return "in GitHub Actions, add " + names + " to the GitHub environment '"
                + values.environment().githubEnvironment()
                + "' (or the repository) and map it in the job: `env: " + first + ": ${{ secrets." + first
                + " }}`; locally, export " + names + "; `mvn golden:audit -Denv="
                + values.environment().name()
                + "` checks them all";
    }
}
