package com.meatscentral.golden.deploy;

import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ResolvedVariable;
import com.meatscentral.golden.manifest.Variable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The backend container's environment, from the manifest's application variables.
 * The running container connects as the application role (row-level security applies to
 * it), so DB_USER/DB_PASSWORD carry DB_APP_USER/DB_APP_PASSWORD's values; the owner role's
 * password (used by migrations only) never enters the container. DB_APP_USER is passed too:
 * the settings name the role that RLS grants go to.
 */
public final class BackendRuntimeEnv {

    private static final Set<String> NOT_FOR_THE_CONTAINER = Set.of("DB_USER", "DB_PASSWORD", "DB_APP_PASSWORD");

    private BackendRuntimeEnv() {
    }

    public static Map<String, String> from(EnvironmentValues values) {
        Map<String, String> env = new LinkedHashMap<>();
        for (ResolvedVariable v : values.variables()) {
            if (v.category() != Variable.Category.APPLICATION || NOT_FOR_THE_CONTAINER.contains(v.name())) {
                continue;
            }
            values.get(v.name()).ifPresent(value -> env.put(v.name(), value));
        }
        values.get("DB_APP_USER").ifPresent(u -> env.put("DB_USER", u));
        values.get("DB_APP_PASSWORD").ifPresent(p -> env.put("DB_PASSWORD", p));
        return env;
    }
}
