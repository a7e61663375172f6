package com.meatscentral.golden.deploy;

import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ResolvedVariable;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.Variable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The backend container's environment, from the manifest's application variables.
 * The running container connects as the application role (row-level security applies to
 * it), so the variables playing db_user/db_password carry the db_app_user/db_app_password values;
 * the owner role's password (used by migrations only) never enters the container. The app user's
 * own variable is passed too: the settings name the role that RLS grants go to. When the manifest
 * has no application role, the container gets the owner role, with one warning: row-level
 * security is then not enforced (owners bypass it).
 */
public final class BackendRuntimeEnv {

    private BackendRuntimeEnv() {}

    public static Map<String, String> from(EnvironmentValues values) {
        return from(values, warning -> {});
    }

    public static Map<String, String> from(EnvironmentValues values, Consumer<String> warn) {
        Optional<String> userVar = values.variableFor(Role.DB_USER);
        Optional<String> passwordVar = values.variableFor(Role.DB_PASSWORD);
        Optional<String> appPasswordVar = values.variableFor(Role.DB_APP_PASSWORD);
        Optional<String> appUser = values.get(Role.DB_APP_USER);
        Set<String> notForTheContainer = Stream.of(userVar, passwordVar, appPasswordVar)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
        Map<String, String> env = new LinkedHashMap<>();
        for (ResolvedVariable v : values.variables()) {
            if (v.category() != Variable.Category.APPLICATION || notForTheContainer.contains(v.name())) {
                continue;
            }
            values.get(v.name()).ifPresent(value -> env.put(v.name(), value));
        }
        if (appUser.isPresent()) {
            userVar.ifPresent(name -> env.put(name, appUser.get()));
            values.get(Role.DB_APP_PASSWORD).ifPresent(p -> passwordVar.ifPresent(name -> env.put(name, p)));
        } else {
            userVar.ifPresent(name -> values.get(name).ifPresent(u -> env.put(name, u)));
            passwordVar.ifPresent(name -> values.get(name).ifPresent(p -> env.put(name, p)));
            if (userVar.isPresent()) {
                warn.accept("Environment " + values.environment().name() + " has no application database role (role"
                        + " db_app_user: " + String.join(", ", Role.DB_APP_USER.aliases())
                        + "): the backend connects as "
                        + userVar.get() + ", the owner, and row-level security is NOT enforced (owners bypass it);"
                        + " add DB_APP_USER and DB_APP_PASSWORD to the manifest to enforce it");
            }
        }
        return env;
    }
}
