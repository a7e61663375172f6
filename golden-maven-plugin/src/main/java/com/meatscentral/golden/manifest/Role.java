package com.meatscentral.golden.manifest;

import com.meatscentral.golden.Texts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a goal needs from an environment, named by purpose rather than by variable. Goals ask
 * {@link EnvironmentValues} for a role; {@link RoleBindings} resolves it to the manifest variable
 * that plays it: an explicit binding (manifest {@code "roles"}, or the POM's {@code <roles>}),
 * else the first of the role's aliases that the environment has. The aliases cover the
 * reference document's names (v3.3: BASTION_HOST, SECRET_KEY, BACKEND_IP, ...) and the reference
 * repository's (v5.x: SSH_HOST, DJANGO_SECRET_KEY, BACKEND_HOST, ...). docs/ROLES.md is the table.
 */
public enum Role {
    SSH_HOST,
    SSH_USER,
    SSH_PASSWORD,
    SSH_PRIVATE_KEY,
    SSH_HOST_FINGERPRINT,
    SSH_KNOWN_HOSTS,
    DB_HOST,
    DB_PORT,
    DB_NAME,
    DB_USER,
    DB_PASSWORD,
    DB_APP_USER,
    DB_APP_PASSWORD,
    DJANGO_SECRET_KEY,
    DJANGO_SETTINGS_MODULE,
    BACKEND_ADDRESS,
    REGISTRY_TOKEN,
    FRONTEND_API_BASE_URL,
    FRONTEND_ENVIRONMENT;

    static final String RESOURCE = "roles.properties";

    /** Each role's purpose and aliases, read once from {@value #RESOURCE}: the table is data. */
    private static final Map<Role, Words> WORDS = Texts.table(
            Role.class,
            RESOURCE,
            (r, t) -> new Words(
                    t.get(r.key() + ".purpose"),
                    List.of(t.get(r.key() + ".aliases").strip().split("\\s*,\\s*"))));

    private record Words(String purpose, List<String> aliases) {}

    /** What the role is for, in words, for messages and the dry run. */
    public String purpose() {
        return WORDS.get(this).purpose();
    }

    /** Variable names that play this role when nothing binds it explicitly, in order of preference. */
    public List<String> aliases() {
        return WORDS.get(this).aliases();
    }

    /** The key of this role in a manifest's {@code "roles"} object and the POM's {@code <roles>}, e.g. {@code ssh_host}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a key names ({@code ssh_host} or {@code SSH_HOST}). */
    public static Optional<Role> fromKey(String key) {
        for (Role r : values()) {
            if (r.key().equalsIgnoreCase(key == null ? "" : key.strip())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public static List<String> keys() {
        return java.util.Arrays.stream(values()).map(Role::key).toList();
    }
}
