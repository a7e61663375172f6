package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ReferenceManifest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationEnvTest {

    private final EnvironmentValues uat = ReferenceManifest.load()
            .valuesFor(
                    "uat2-backend",
                    Map.of(
                            "UAT_HOST",
                            "10.0.0.5",
                            "UAT_DB_HOST",
                            "db.internal",
                            "UAT_DB_PORT",
                            "25060",
                            "UAT_DB_NAME",
                            "meats",
                            "UAT_DB_USER",
                            "owner",
                            "UAT_DB_PASSWORD",
                            "owner-secret",
                            "UAT_DB_APP_USER",
                            "app_role",
                            "UAT_DB_APP_PASSWORD",
                            "app-secret",
                            "UAT_SECRET_KEY",
                            "sk"));

    @Test
    void carriesTheApplicationSettingsAndTheRoleToGrantButNoConnectionPart() {
        Map<String, String> env = MigrationEnv.from(uat);
        assertThat(env)
                .containsEntry("DB_APP_USER", "app_role")
                .containsEntry("SECRET_KEY", "sk")
                .containsEntry("DJANGO_SETTINGS_MODULE", uat.require("DJANGO_SETTINGS_MODULE"));
        assertThat(env)
                .doesNotContainKeys("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_APP_PASSWORD");
        assertThat(env.values()).doesNotContain("owner-secret", "app-secret");
        // Infrastructure secrets (the bastion's) are not the application's business either.
        assertThat(env).doesNotContainKeys("BASTION_HOST", "SSH_PASSWORD");
    }

    @Test
    void configuredExtrasWin() {
        assertThat(MigrationEnv.from(uat, Map.of("SECRET_KEY", "override", "EXTRA", "1")))
                .containsEntry("SECRET_KEY", "override")
                .containsEntry("EXTRA", "1");
        assertThat(MigrationEnv.from(uat, null)).containsEntry("SECRET_KEY", "sk");
    }
}
