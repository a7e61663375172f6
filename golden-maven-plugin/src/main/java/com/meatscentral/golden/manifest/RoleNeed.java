package com.meatscentral.golden.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing a goal needs: a role, or one of several (an SSH password or a private key).
 * The lists below are what each goal asks for; {@link EnvironmentValues#require(List)} reports
 * every unmet need at once.
 */
public record RoleNeed(List<Role> anyOf) {

    public RoleNeed {
        anyOf = List.copyOf(anyOf);
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("a need names at least one role");
        }
    }

    public static RoleNeed of(Role role) {
        return new RoleNeed(List.of(role));
    }

    public static RoleNeed either(Role first, Role second) {
        return new RoleNeed(List.of(first, second));
    }

    /** An SSH connection to the environment's droplet (status, unlock, rollback, deploy, the migration's tunnel). */
    public static final List<RoleNeed> SSH =
            List.of(of(Role.SSH_HOST), of(Role.SSH_USER), either(Role.SSH_PASSWORD, Role.SSH_PRIVATE_KEY));

    /** A migration: the tunnel and the owner role's connection, and what Django's settings need to load. */
    public static final List<RoleNeed> MIGRATION = concat(
            SSH,
            List.of(
                    of(Role.DB_HOST),
                    of(Role.DB_NAME),
                    of(Role.DB_USER),
                    of(Role.DB_PASSWORD),
                    of(Role.DJANGO_SECRET_KEY)));

    /** A frontend deploy: the droplet and the backend its nginx proxies to. */
    public static final List<RoleNeed> FRONTEND_DEPLOY = concat(SSH, List.of(of(Role.BACKEND_ADDRESS)));

    /** What golden:deploy and golden:rollback need for {@code env}. */
    public static List<RoleNeed> deploy(Environment env) {
        return env.isBackend() ? MIGRATION : FRONTEND_DEPLOY;
    }

    private static List<RoleNeed> concat(List<RoleNeed> a, List<RoleNeed> b) {
        List<RoleNeed> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
