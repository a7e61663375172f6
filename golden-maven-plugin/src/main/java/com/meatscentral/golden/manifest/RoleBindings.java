package com.meatscentral.golden.manifest;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which manifest variable plays each {@link Role}: explicit bindings first (the manifest's
 * {@code "roles"}, then the POM's {@code <roles>} on top), else the first alias of the role
 * that is a variable of the environment at hand.
 */
public final class RoleBindings {

    /** Only the aliases. */
    public static final RoleBindings DEFAULT = new RoleBindings(Map.of());

    private final Map<Role, String> explicit;

    private RoleBindings(Map<Role, String> explicit) {
        EnumMap<Role, String> copy = new EnumMap<>(Role.class);
        copy.putAll(explicit);
        this.explicit = Collections.unmodifiableMap(copy);
    }

    static RoleBindings of(Map<Role, String> explicit) {
        return explicit.isEmpty() ? DEFAULT : new RoleBindings(explicit);
    }

    public Map<Role, String> explicit() {
        return explicit;
    }

    /**
     * These bindings with {@code overrides} (role key -> variable name, e.g. from the POM) on top.
     * Every problem is listed in one {@link GoldenException}: a key that is not a role, a variable
     * that the manifest does not declare (each with "did you mean").
     *
     * @param declared the variable names the manifest declares
     * @param origin   where the overrides come from, for messages (e.g. "the POM's <roles>")
     */
    public RoleBindings with(Map<String, String> overrides, Collection<String> declared, String origin) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        EnumMap<Role, String> merged = new EnumMap<>(Role.class);
        merged.putAll(explicit);
        List<String> problems = new ArrayList<>();
        overrides.forEach((key, variable) -> {
            Optional<Role> role = Role.fromKey(key);
            String name = variable == null ? "" : variable.strip();
            if (role.isEmpty()) {
                problems.add("'" + key + "' is not a role"
                        + ClosestName.to(key, Role.keys())
                                .map(c -> " (did you mean '" + c + "'?)")
                                .orElse(""));
            } else if (!declared.contains(name)) {
                problems.add(role.get().key() + " -> '" + name + "': the manifest declares no variable " + name
                        + ClosestName.to(name, declared)
                                .map(c -> " (did you mean " + c + "?)")
                                .orElse(""));
            } else {
                merged.put(role.get(), name);
            }
        });
        if (!problems.isEmpty()) {
            throw new GoldenException(
                    origin + " bind" + (problems.size() == 1 ? "s" : "") + " roles wrongly:" + System.lineSeparator()
                            + "  " + String.join(System.lineSeparator() + "  ", problems),
                    "bind a role (" + String.join(", ", Role.keys()) + ") to a variable the manifest declares;"
                            + " see docs/ROLES.md");
        }
        return new RoleBindings(merged);
    }

    /**
     * {@code role=VARIABLE} entries (the POM's {@code <roles>}, {@code -Dgolden.roles=ssh_host=DROPLET_IP,...})
     * as a map; an entry without '=' is refused.
     */
    public static Map<String, String> parseAssignments(List<String> entries, String origin) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (entries == null) {
            return map;
        }
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new GoldenException(
                        origin + " entry '" + entry.strip() + "' is not role=VARIABLE",
                        "write e.g. ssh_host=DROPLET_IP (roles: " + String.join(", ", Role.keys()) + ")");
            }
            map.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return map;
    }

    /** The variable playing {@code role} among {@code variables} (an environment's variable names), if any. */
    public Optional<String> resolve(Role role, Collection<String> variables) {
        String bound = explicit.get(role);
        if (bound != null) {
            return variables.contains(bound) ? Optional.of(bound) : Optional.empty();
        }
        return role.aliases().stream().filter(variables::contains).findFirst();
    }

    /** How {@code role} is bound, for the dry run: "roles" when explicit, else "alias". */
    public String how(Role role) {
        return explicit.containsKey(role) ? "bound" : "alias";
    }

    /** The name to suggest when no variable plays {@code role}: the explicit binding, else the first alias. */
    public String suggestedVariable(Role role) {
        return explicit.getOrDefault(role, role.aliases().get(0));
    }
}
