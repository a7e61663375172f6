package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.SshSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one migration run needs, as plain values (the mojo resolves them from the
 * manifest). {@link #toString()} shows no secret.
 *
 * @param tunnelPort local port of the tunnel; 0 = any free port
 * @param image      full image reference, e.g. {@code registry.digitalocean.com/meats/backend:dev-backend-1a2b3c4}
 */
public record MigrationPlan(
        String environment,
        SshSettings ssh,
        String dbHost,
        int dbPort,
        String dbName,
        String dbUser,
        String dbPassword,
        int tunnelPort,
        String image,
        RegistryAuth registryAuth,
        String djangoSettingsModule,
        String secretKey,
        Map<String, String> extraEnv,
        List<String> command) {

    public static final List<String> DEFAULT_COMMAND =
            List.of("python", "manage.py", "migrate", "--fake-initial", "--noinput");

    public MigrationPlan {
        if (image == null || image.isBlank()) {
            throw new GoldenException(
                    "No migration image given", "set -Dgolden.migrate.image or the image/registry parameters");
        }
        if (dbPort < 1 || dbPort > 65535) {
            throw new GoldenException("DB_PORT " + dbPort + " is out of range", "set DB_PORT (usually 5432)");
        }
        if (tunnelPort < 0 || tunnelPort > 65535) {
            throw new GoldenException(
                    "Tunnel port " + tunnelPort + " is out of range",
                    "use -Dgolden.tunnel.port=5433 (0 = any free port)");
        }
        registryAuth = registryAuth == null ? RegistryAuth.NONE : registryAuth;
        extraEnv = Map.copyOf(extraEnv == null ? Map.of() : extraEnv);
        command = command == null || command.isEmpty() ? DEFAULT_COMMAND : List.copyOf(command);
    }

    /** The container's environment: DATABASE_URL through the tunnel's local end, settings, secret key, extras. */
    Map<String, String> containerEnv(DatabaseUrl url) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("DATABASE_URL", url.value());
        if (djangoSettingsModule != null && !djangoSettingsModule.isBlank()) {
            env.put("DJANGO_SETTINGS_MODULE", djangoSettingsModule);
        }
        if (secretKey != null && !secretKey.isEmpty()) {
            env.put("SECRET_KEY", secretKey);
        }
        return env;
    }

    /** Every secret value of the plan (empty strings for the absent ones), to register for redaction first. */
    List<String> secretValues() {
        return java.util.stream.Stream.of(
                        ssh.password(),
                        ssh.privateKey(),
                        ssh.passphrase(),
                        dbPassword,
                        secretKey,
                        registryAuth.password())
                .map(s -> s == null ? "" : s)
                .toList();
    }

    /** A Django migrate command without both flags is not idempotent on an existing schema / may prompt. */
    public List<String> commandWarnings() {
        boolean djangoMigrate = command.contains("manage.py") && command.contains("migrate")
                || String.join(" ", command).matches(".*manage\\.py\\s+migrate\\b.*");
        if (!djangoMigrate) {
            return List.of();
        }
        String joined = String.join(" ", command);
        List<String> missing = List.of("--fake-initial", "--noinput").stream()
                .filter(f -> !joined.contains(f))
                .toList();
        return missing.isEmpty()
                ? List.of()
                : List.of(
                        "The migration command lacks " + String.join(" ", missing)
                                + ": the golden command is `python manage.py migrate --fake-initial --noinput`"
                                + " (--fake-initial makes re-runs on an existing schema safe, --noinput never waits for a prompt)");
    }

    @Override
    public String toString() {
        return "migrate " + environment + ": " + ssh + ", tunnel 127.0.0.1:" + tunnelPort + " -> " + dbHost + ":"
                + dbPort + ", db " + dbName + " as " + dbUser + ", image " + image + ", command " + command;
    }
}
