package com.meatscentral.golden.migrate;

import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ResolvedVariable;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.Variable;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The application settings a migration container needs besides DATABASE_URL: Django loads
 * the whole settings module before it migrates, so what the settings require (ALLOWED_HOSTS
 * outside development, the secret key) must be there, and the application role's user names
 * the role the migrations grant privileges to (row-level security binds that role). These are
 * the manifest's application variables of the environment, except the database connection's
 * parts (the variables playing the db_* roles): DATABASE_URL, through the tunnel and as the
 * owner role, replaces them, and the application role's password has no business in a migration.
 */
public final class MigrationEnv {

    private static final Set<Role> CONNECTION =
            Set.of(Role.DB_HOST, Role.DB_PORT, Role.DB_NAME, Role.DB_USER, Role.DB_PASSWORD, Role.DB_APP_PASSWORD);

    private MigrationEnv() {}

    /** The application variables of {@code values} that have a value, connection parts excluded. */
    public static Map<String, String> from(EnvironmentValues values) {
        Set<String> connection = new HashSet<>(Set.of("DATABASE_URL"));
        CONNECTION.forEach(r -> values.variableFor(r).ifPresent(connection::add));
        Map<String, String> env = new LinkedHashMap<>();
        for (ResolvedVariable v : values.variables()) {
            if (v.category() == Variable.Category.APPLICATION && !connection.contains(v.name())) {
                values.get(v.name()).filter(s -> !s.isEmpty()).ifPresent(value -> env.put(v.name(), value));
            }
        }
        return env;
    }

    /** {@link #from} with the POM's configured extras on top (they win). */
    public static Map<String, String> from(EnvironmentValues values, Map<String, String> configured) {
        Map<String, String> env = from(values);
        if (configured != null) {
            env.putAll(configured);
        }
        return env;
    }
}
