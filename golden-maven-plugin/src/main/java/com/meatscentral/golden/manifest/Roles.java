package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a manifest's {@code "roles"} object: each role bound to a variable the manifest declares. */
final class Roles {

    private Roles() {}

    static RoleBindings read(ManifestDocument doc, Map<Variable.Category, Map<String, Variable>> variables) {
        List<String> declared = new ArrayList<>();
        variables.values().forEach(m -> declared.addAll(m.keySet()));
        EnumMap<Role, String> bound = new EnumMap<>(Role.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.root().path("roles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<Role> role = Role.fromKey(e.getKey());
            String variable = e.getValue().asText();
            String at = "/roles/" + ManifestDocument.escape(e.getKey());
            if (role.isEmpty()) {
                continue; // the schema refused it
            }
            if (!declared.contains(variable)) {
                doc.problem(
                        at,
                        "role " + role.get().key() + " is bound to " + variable
                                + ", which the manifest does not declare"
                                + ClosestName.to(variable, declared)
                                        .map(c -> " (did you mean " + c + "?)")
                                        .orElse(""),
                        "bind it to a declared variable, or declare " + variable + " (docs/ROLES.md)");
                continue;
            }
            bound.put(role.get(), variable);
        }
        return RoleBindings.of(bound);
    }
}
