package com.meatscentral.golden.manifest;

import java.util.List;
import java.util.Locale;
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
    SSH_HOST(
            "the droplet (SSH host; the bastion of backends)",
            "BASTION_HOST",
            "SSH_HOST",
            "DROPLET_HOST",
            "DROPLET_IP"),
    SSH_USER("the SSH user on the droplet", "BASTION_USER", "SSH_USER", "DROPLET_USER"),
    SSH_PASSWORD("the SSH password", "SSH_PASSWORD", "BASTION_SSH_PASSWORD", "BASTION_PASSWORD"),
    SSH_PRIVATE_KEY("the SSH private key (its text)", "SSH_PRIVATE_KEY", "SSH_KEY", "BASTION_SSH_KEY"),
    SSH_HOST_FINGERPRINT(
            "the droplet's pinned host-key fingerprint (SHA256:...)",
            "SSH_HOST_FINGERPRINT",
            "SSH_FINGERPRINT",
            "HOST_FINGERPRINT"),
    SSH_KNOWN_HOSTS("known_hosts lines for the droplet", "SSH_KNOWN_HOSTS", "KNOWN_HOSTS"),
    DB_HOST("the database host as the bastion sees it", "DB_HOST", "DATABASE_HOST", "POSTGRES_HOST"),
    DB_PORT("the database port (default 5432)", "DB_PORT", "DATABASE_PORT", "POSTGRES_PORT"),
    DB_NAME("the database name", "DB_NAME", "DATABASE_NAME", "POSTGRES_DB"),
    DB_USER("the owner role that runs migrations", "DB_USER", "DATABASE_USER", "POSTGRES_USER"),
    DB_PASSWORD("the owner role's password", "DB_PASSWORD", "DATABASE_PASSWORD", "POSTGRES_PASSWORD"),
    DB_APP_USER(
            "the application role the running backend uses (row-level security applies to it)",
            "DB_APP_USER",
            "APP_DB_USER",
            "DB_APPLICATION_USER"),
    DB_APP_PASSWORD("the application role's password", "DB_APP_PASSWORD", "APP_DB_PASSWORD", "DB_APPLICATION_PASSWORD"),
    DJANGO_SECRET_KEY("Django's SECRET_KEY", "SECRET_KEY", "DJANGO_SECRET_KEY"),
    DJANGO_SETTINGS_MODULE("the Django settings module", "DJANGO_SETTINGS_MODULE"),
    BACKEND_ADDRESS(
            "the backend droplet the frontend's nginx proxies /api, /admin and /static to",
            "BACKEND_IP",
            "BACKEND_HOST",
            "BACKEND_ADDRESS"),
    REGISTRY_TOKEN(
            "the container registry token (DOCR: user and password)",
            "DO_ACCESS_TOKEN",
            "DIGITALOCEAN_ACCESS_TOKEN",
            "DOCR_TOKEN",
            "REGISTRY_TOKEN"),
    FRONTEND_API_BASE_URL(
            "the API base URL written into env-config.js",
            "REACT_APP_API_BASE_URL",
            "VITE_API_BASE_URL",
            "API_BASE_URL"),
    FRONTEND_ENVIRONMENT(
            "the environment name the SPA shows, written into env-config.js",
            "REACT_APP_ENVIRONMENT",
            "VITE_ENVIRONMENT");

    private final String purpose;
    private final List<String> aliases;

    Role(String purpose, String... aliases) {
        this.purpose = purpose;
        this.aliases = List.of(aliases);
    }

    /** What the role is for, in words, for messages and the dry run. */
    public String purpose() {
        return purpose;
    }

    /** Variable names that play this role when nothing binds it explicitly, in order of preference. */
    public List<String> aliases() {
        return aliases;
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
