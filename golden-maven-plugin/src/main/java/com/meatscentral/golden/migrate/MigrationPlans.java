package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.ssh.SshSettings;
import java.util.List;
import java.util.Map;

/** A backend environment's migration plan from its resolved values (golden:status's pending count uses it). */
public final class MigrationPlans {

    private MigrationPlans() {
    }

    public static MigrationPlan of(EnvironmentValues values, SshSettings ssh, int tunnelPort, String image, RegistryAuth auth,
                                   Map<String, String> configuredEnv, List<String> command) {
        int dbPort;
        try {
            dbPort = Integer.parseInt(values.optional("DB_PORT").orElse("5432").strip());
        } catch (NumberFormatException e) {
            throw new GoldenException("DB_PORT of " + values.environment().name() + " is not a number",
                    "set the DB_PORT secret to the database port, e.g. 5432");
        }
        return new MigrationPlan(values.environment().name(), ssh, values.require("DB_HOST"), dbPort, values.require("DB_NAME"),
                values.require("DB_USER"), values.require("DB_PASSWORD"), tunnelPort, image, auth,
                values.optional("DJANGO_SETTINGS_MODULE").orElse(null), values.require("SECRET_KEY"),
                MigrationEnv.from(values, configuredEnv), command);
    }
}
