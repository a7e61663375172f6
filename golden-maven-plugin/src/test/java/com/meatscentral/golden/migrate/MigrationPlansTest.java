package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ReferenceManifest;
import com.meatscentral.golden.manifest.V5Manifest;
import com.meatscentral.golden.ssh.SshSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one assembly of a migration plan, for golden:migrate and golden:deploy, on both manifest formats. */
class MigrationPlansTest {

    private static final MigrationPlans.Options OPTIONS =
            new MigrationPlans.Options(0, null, Map.of("SENTRY_DSN", "dsn-secret"));

    private static SshSettings ssh(EnvironmentValues v) {
        return SshSettings.of(
                v.require(com.meatscentral.golden.manifest.Role.SSH_HOST),
                v.require(com.meatscentral.golden.manifest.Role.SSH_USER),
                b -> {
                    b.password = "pw";
                });
    }

    @Test
    void aV5EnvironmentGivesAPlanFromItsOwnNames() {
        Map<String, String> env = new HashMap<>(Map.of(
                "SSH_HOST",
                "10.0.0.5",
                "SSH_USER",
                "deploy",
                "SSH_KEY",
                "key",
                "DB_HOST",
                "10.0.1.5",
                "DB_USER",
                "owner",
                "DB_PASSWORD",
                "pw",
                "DJANGO_SECRET_KEY",
                "sk",
                "DB_PORT",
                "25060"));
        List<String> registered = new ArrayList<>();
        MigrationPlan plan = MigrationPlans.plan(
                V5Manifest.load().valuesFor("uat-backend", env),
                MigrationPlansTest::ssh,
                "reg/backend:uat-1",
                image -> RegistryAuth.NONE,
                OPTIONS,
                registered::add);
        assertThat(plan.dbHost()).isEqualTo("10.0.1.5");
        assertThat(plan.dbPort()).isEqualTo(25060);
        assertThat(plan.dbName()).as("the manifest's value for uat-backend").isEqualTo("projectmeats_uat");
        assertThat(plan.secretKey()).isEqualTo("sk");
        assertThat(plan.djangoSettingsModule()).isEqualTo("projectmeats.settings.staging");
        assertThat(plan.extraEnv())
                .containsEntry("DJANGO_SECRET_KEY", "sk")
                .containsEntry("SENTRY_DSN", "dsn-secret")
                .doesNotContainKeys("DB_PASSWORD", "DB_USER", "DB_HOST");
        assertThat(registered).containsExactly("dsn-secret");
        assertThat(plan.command()).isEqualTo(MigrationPlan.DEFAULT_COMMAND);
    }

    @Test
    void everyMissingValueIsNamedAtOnceWithItsPrefixedSecret() {
        EnvironmentValues values = ReferenceManifest.load().valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5"));
        assertThatThrownBy(() -> MigrationPlans.plan(
                        values,
                        MigrationPlansTest::ssh,
                        "reg/backend:dev-1",
                        image -> RegistryAuth.NONE,
                        OPTIONS,
                        s -> {}))
                .hasMessageContaining("dev-backend is missing 7 values")
                .hasMessageContaining("ssh_user -> BASTION_USER -> secret DEV_USER")
                .hasMessageContaining(
                        "ssh_password -> SSH_PASSWORD -> secret DEV_SSH_PASSWORD (or ssh_private_key -> SSH_PRIVATE_KEY -> secret DEV_SSH_PRIVATE_KEY)")
                .hasMessageContaining("db_password -> DB_PASSWORD -> secret DEV_DB_PASSWORD")
                .hasMessageContaining("django_secret_key -> SECRET_KEY -> secret DEV_SECRET_KEY");
    }

    @Test
    void aPortThatIsNoNumberNamesItsSecret() {
        Map<String, String> env = new HashMap<>();
        ReferenceManifest.load().secretNamesFor("dev-backend").forEach(n -> env.put(n, "x"));
        env.put("DEV_DB_PORT", "fivefourthreetwo");
        assertThatThrownBy(() -> MigrationPlans.plan(
                        ReferenceManifest.load().valuesFor("dev-backend", env),
                        MigrationPlansTest::ssh,
                        "reg/backend:dev-1",
                        image -> RegistryAuth.NONE,
                        OPTIONS,
                        s -> {}))
                .hasMessageContaining(
                        "database port of dev-backend is not a number (db_port -> DB_PORT -> secret DEV_DB_PORT)")
                .hasMessageNotContaining("fivefourthreetwo");
    }
}
