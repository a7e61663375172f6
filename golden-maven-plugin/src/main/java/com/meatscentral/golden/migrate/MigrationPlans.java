package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.RoleNeed;
import com.meatscentral.golden.ssh.SshSettings;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one place a {@link MigrationPlan} is assembled from an environment's values (golden:migrate
 * and the migration of golden:deploy): every value a migration needs is checked first and all
 * missing ones are named at once (role -> variable -> CI secret), the extra environment is
 * registered for redaction, the port is parsed with a message naming its secret.
 */
public final class MigrationPlans {

    /**
     * What the goal's configuration adds to the environment's values.
     *
     * @param tunnelPort local end of the tunnel on 127.0.0.1; 0 = any free port
     * @param command    the migration command as written ({@code -Dgolden.migrate.command}); null = the default
     * @param extraEnv   extra container environment from the POM (treated as secrets in logs)
     */
    public record Options(int tunnelPort, String command, Map<String, String> extraEnv) {}

    private MigrationPlans() {}

    /**
     * @param ssh            the SSH settings of the environment's droplet (the bastion), from its values
     * @param pullLogin      the runner's registry login for an image
     * @param registerSecret the redactor's register
     */
    public static MigrationPlan plan(
            EnvironmentValues values,
            Function<EnvironmentValues, SshSettings> ssh,
            String image,
            Function<String, RegistryAuth> pullLogin,
            Options options,
            Consumer<String> registerSecret) {
        values.require(RoleNeed.MIGRATION);
        if (options.extraEnv() != null) {
            options.extraEnv().values().stream()
                    .filter(v -> v != null && !v.isEmpty())
                    .forEach(registerSecret);
        }
        return new MigrationPlan(
                values.environment().name(),
                ssh.apply(values),
                values.require(Role.DB_HOST),
                dbPort(values),
                values.require(Role.DB_NAME),
                values.require(Role.DB_USER),
                values.require(Role.DB_PASSWORD),
                options.tunnelPort(),
                image,
                pullLogin.apply(image),
                values.get(Role.DJANGO_SETTINGS_MODULE).orElse(null),
                values.require(Role.DJANGO_SECRET_KEY),
                MigrationEnv.from(values, options.extraEnv()),
                MigrationCommand.parse(options.command()));
    }

    /** The db_port role's value, 5432 when no variable gives one. */
    static int dbPort(EnvironmentValues values) {
        String port = values.get(Role.DB_PORT).orElse("5432").strip();
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new GoldenException(
                    "The database port of " + values.environment().name() + " is not a number ("
                            + values.describe(Role.DB_PORT) + ")",
                    "set it to the database port, e.g. 5432 (DigitalOcean managed databases: 25060)");
        }
    }
}
