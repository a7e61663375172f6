package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.manifest.ReferenceManifest;
import com.meatscentral.golden.manifest.V5Manifest;
import com.meatscentral.golden.migrate.MigrationPlan;
import com.meatscentral.golden.secrets.Redactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** -Dgolden.dryRun: the plan without connecting anywhere; never a value; fails listing what is missing. */
class DryRunTest {

    private final RecordingConsole console = new RecordingConsole();

    private static DeployOptions options(
            java.nio.file.Path manifest, String env, Map<String, String> processEnv, String template) {
        return FakeConnection.options(
                env, "1a2b3c4d", false, "registry.digitalocean.com/meatscentral", processEnv, b -> {
                    b.manifest = manifest;
                    b.backendImage = "projectmeats-backend";
                    b.frontendImage = "projectmeats-frontend";
                    b.who = "tester";
                    b.tagTemplate = template;
                });
    }

    private static Map<String, String> allSecretsOf(com.meatscentral.golden.manifest.Manifest m, String env) {
        Map<String, String> values = new HashMap<>();
        m.secretNamesFor(env).forEach(n -> values.put(n, "value-of-" + n));
        return values;
    }

    @Test
    void aV5BackendPlanNamesRolesVariablesAndSecretsButNoValue() {
        Map<String, String> env = allSecretsOf(V5Manifest.load(), "dev-backend");
        DeployOptions o = options(V5Manifest.path(), "dev-backend", env, "{target}-{sha}");
        String image = o.imageFor(V5Manifest.load().environment("dev-backend"), "1a2b3c4d");
        List<String> lines = DryRun.run(
                DryRun.Plan.deploy("deploy", o, image, MigrationPlan.DEFAULT_COMMAND, 5433), console, new Redactor());
        String out = String.join("\n", lines);
        assertThat(image).isEqualTo("registry.digitalocean.com/meatscentral/projectmeats-backend:development-1a2b3c4d");
        assertThat(out)
                .contains("golden:deploy dev-backend: dry run (connects nowhere, changes nothing)")
                .contains("ssh_host               -> SSH_HOST -> secret SSH_HOST: set")
                .contains("ssh_private_key        -> SSH_KEY -> secret SSH_KEY: set")
                .contains("ssh_password           -> (no variable)")
                .contains("django_secret_key      -> DJANGO_SECRET_KEY -> secret DJANGO_SECRET_KEY: set")
                .contains("db_name                -> DB_NAME -> secret DB_NAME: set")
                .contains(
                        "django_settings_module -> DJANGO_SETTINGS_MODULE -> environment_config: set (manifest value)")
                .contains("db_app_user            -> (no variable)")
                .contains(image)
                .contains("pm-backend-1 / pm-backend-2")
                .contains(":8000; traffic switches once the new slot is healthy")
                .contains("http://localhost:8000/api/v1/health/")
                .contains("python manage.py migrate --fake-initial --noinput")
                .contains("127.0.0.1:5433")
                .contains("everything needed is set")
                .doesNotContain("value-of-");
    }

    @Test
    void aMissingValueFailsAfterThePlanListingEveryOneWithItsCiSecret() {
        Map<String, String> env = allSecretsOf(ReferenceManifest.load(), "uat2");
        env.remove("STAGING_HOST");
        env.remove("BACKEND_IP");
        DeployOptions o = options(ReferenceManifest.path(), "uat2", env, null);
        assertThatThrownBy(() -> DryRun.run(
                        DryRun.Plan.deploy("deploy", o, o.imageFor(false, "1a2b3c4d"), null, 5433),
                        console,
                        new Redactor()))
                .hasMessageContaining("uat2 is missing 2 values")
                .hasMessageContaining("ssh_host -> BASTION_HOST -> secret STAGING_HOST")
                .hasMessageContaining("backend_address -> BACKEND_IP -> secret BACKEND_IP")
                .hasMessageNotContaining("value-of-");
        assertThat(String.join("\n", console.lines))
                .contains("ssh_host               -> BASTION_HOST -> secret STAGING_HOST: MISSING")
                .contains("pm-frontend-1 / pm-frontend-2")
                .contains("127.0.0.1:8080; traffic switches")
                .contains("missing: 2")
                .doesNotContain("value-of-");
    }
}
