package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v5.x format (the reference repository's) loads into the same model as v3.3, with its own schema. */
class ManifestV5Test {

    @TempDir
    Path dir;

    private final Manifest manifest = V5Manifest.load();

    private String fixture() throws IOException {
        return Files.readString(V5Manifest.path());
    }

    private ManifestException failure(String text) throws IOException {
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, text);
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(file));
        assertThat(e).as("expected a ManifestException").isNotNull();
        assertThat(e.hint()).isPresent();
        return e;
    }

    @Test
    void everyFieldOfTheFixtureLoads() {
        assertThat(manifest.version()).isEqualTo("5.1");
        assertThat(manifest.isV5()).isTrue();
        assertThat(manifest.environmentNames())
                .containsExactly(
                        "dev-backend",
                        "dev-frontend",
                        "uat-backend",
                        "uat-frontend",
                        "production-backend",
                        "production-frontend");
        Environment uat = manifest.environment("uat-backend");
        assertThat(uat.isBackend()).isTrue();
        assertThat(uat.djangoSettings()).contains("projectmeats.settings.staging");
        assertThat(uat.githubEnvironment()).isEqualTo("uat-backend");
        assertThat(uat.deploymentTarget()).contains("uat");
        assertThat(uat.branch()).as("branch by deployment_target").contains("uat");
        assertThat(manifest.environment("production-frontend").branch()).contains("main");
        assertThat(manifest.globalSecrets().get("PAT").required()).isTrue();
        assertThat(manifest.globalSecrets().get("SLACK_WEBHOOK_URL").usedBy()).containsExactly("notify");
    }

    @Test
    void aSecretsCiNameIsItsNameAndAppliesToFollowsTheEnvironmentType() {
        assertThat(manifest.secretNamesFor("dev-backend"))
                .contains(
                        "SSH_HOST",
                        "SSH_USER",
                        "SSH_KEY",
                        "DB_HOST",
                        "DB_PASSWORD",
                        "DJANGO_SECRET_KEY",
                        "DO_ACCESS_TOKEN",
                        "PAT")
                .doesNotContain("BACKEND_HOST");
        assertThat(manifest.secretNamesFor("dev-frontend"))
                .contains("SSH_HOST", "BACKEND_HOST", "REACT_APP_API_BASE_URL")
                .doesNotContain("DB_HOST", "DJANGO_SECRET_KEY");
    }

    @Test
    void valuesAreTheEnvironmentsSettingAndNotRequiredAsSecrets() {
        EnvironmentValues values = manifest.valuesFor("uat-frontend", Map.of());
        assertThat(values.get("REACT_APP_API_BASE_URL")).contains("https://uat.meatscentral.com/api/v1");
        assertThat(values.get("REACT_APP_ENVIRONMENT")).contains("uat");
        assertThat(manifest.valuesFor("dev-frontend", Map.of()).get("REACT_APP_ENVIRONMENT"))
                .contains("development");
        assertThat(values.missing())
                .extracting(ResolvedVariable::name)
                .containsExactlyInAnyOrder("SSH_HOST", "SSH_USER", "SSH_KEY", "BACKEND_HOST");
        // A secret set in the environment still wins over the manifest's value.
        assertThat(manifest.valuesFor("uat-frontend", Map.of("REACT_APP_ENVIRONMENT", "staging"))
                        .get("REACT_APP_ENVIRONMENT"))
                .contains("staging");
    }

    @Test
    void djangoSettingsModuleComesFromTheEnvironment() {
        assertThat(manifest.valuesFor("production-backend", Map.of()).get(Role.DJANGO_SETTINGS_MODULE))
                .contains("projectmeats.settings.production");
    }

    @Test
    void rolesResolveToTheV5Names() {
        EnvironmentValues backend = manifest.valuesFor("dev-backend", Map.of());
        assertThat(backend.variableFor(Role.SSH_HOST)).contains("SSH_HOST");
        assertThat(backend.variableFor(Role.SSH_USER)).contains("SSH_USER");
        assertThat(backend.variableFor(Role.SSH_PRIVATE_KEY)).contains("SSH_KEY");
        assertThat(backend.variableFor(Role.SSH_PASSWORD)).isEmpty();
        assertThat(backend.variableFor(Role.DJANGO_SECRET_KEY)).contains("DJANGO_SECRET_KEY");
        assertThat(backend.variableFor(Role.DB_APP_USER)).isEmpty();
        assertThat(backend.variableFor(Role.REGISTRY_TOKEN)).contains("DO_ACCESS_TOKEN");
        assertThat(manifest.valuesFor("dev-frontend", Map.of()).variableFor(Role.BACKEND_ADDRESS))
                .contains("BACKEND_HOST");
    }

    @Test
    void everyMissingValueIsListedAtOnceWithItsCiSecret() {
        assertThatThrownBy(() -> manifest.valuesFor("dev-backend", Map.of("SSH_HOST", "10.0.0.5"))
                        .requireAll())
                .hasMessageContaining("dev-backend is missing 6 values")
                .hasMessageContaining("ssh_user -> SSH_USER -> secret SSH_USER")
                .hasMessageContaining("ssh_password -> no variable of dev-backend plays it")
                .hasMessageContaining("(or ssh_private_key -> SSH_KEY -> secret SSH_KEY)")
                .hasMessageContaining("db_host -> DB_HOST -> secret DB_HOST")
                .hasMessageContaining("db_user -> DB_USER -> secret DB_USER")
                .hasMessageContaining("db_password -> DB_PASSWORD -> secret DB_PASSWORD")
                .hasMessageContaining("django_secret_key -> DJANGO_SECRET_KEY -> secret DJANGO_SECRET_KEY")
                .hasMessageNotContaining("PAT")
                .hasMessageNotContaining("10.0.0.5");
    }

    @Test
    void aCompleteEnvironmentPasses() {
        Map<String, String> env = new HashMap<>();
        manifest.secretNamesFor("dev-backend").forEach(n -> env.put(n, "v-" + n));
        env.remove("PAT"); // a repository secret no role of a deploy uses: golden:audit checks it, not deploy
        assertThat(manifest.valuesFor("dev-backend", env).requireAll().require(Role.SSH_PRIVATE_KEY))
                .isEqualTo("v-SSH_KEY");
    }

    @Test
    void anUnknownVersionIsOneClearError() throws IOException {
        ManifestException e = failure(fixture().replace("\"version\": \"5.1\"", "\"version\": \"4.0\""));
        assertThat(e.getMessage())
                .contains("at /version")
                .contains("does not know manifest version 4.0")
                .contains("3.x")
                .contains("5.x");
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void everySchemaProblemIsListedWithLineAndPointer() throws IOException {
        String text = fixture()
                .replace("\"deployment_target\": \"uat\"", "\"deployment_target\": \"staging\"")
                .replace(
                        "\"required\": true,\n        \"description\": \"SSH user on the droplet.\"",
                        "\"requird\": true,\n        \"description\": \"SSH user on the droplet.\"")
                .replace(
                        "\"type\": \"frontend\",\n      \"url\": \"https://meatscentral.com\"",
                        "\"type\": \"frontend\",\n      \"url\": 5");
        ManifestException e = failure(text);
        assertThat(e.problems()).hasSize(4); // deployment_target twice (uat-backend, uat-frontend), requird, url
        assertThat(e.getMessage())
                .contains("4 problems")
                .contains(
                        "at /environments/uat-backend/deployment_target: \"staging\" is not one of development, uat, production")
                .contains(
                        "at /environment_secrets/infrastructure/SSH_USER/requird: unknown key \"requird\" (did you mean \"required\"?)")
                .contains("at /environments/production-frontend/url")
                .doesNotContain("more problem");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
    }

    @Test
    void valuesAndAppliesToAndValidationNameWhatExists() throws IOException {
        ManifestException e = failure(fixture()
                .replace("\"uat-backend\": \"projectmeats_uat\"", "\"uat2-backend\": \"projectmeats_uat\"")
                .replace(
                        "\"applies_to\": [\"frontend environments\"],\n        \"description\": \"Backend droplet",
                        "\"applies_to\": [\"frontend enviroments\"],\n        \"description\": \"Backend droplet")
                .replace(
                        "\"required_repository_secrets\": [\"DO_ACCESS_TOKEN\", \"PAT\"]",
                        "\"required_repository_secrets\": [\"DO_ACCESS_TOKEN\", \"PATT\"]"));
        assertThat(e.getMessage())
                .contains("values of DB_NAME names unknown environment 'uat2-backend' (did you mean 'uat-backend'?)")
                .contains(
                        "\"frontend enviroments\" is neither an environment nor a kind (did you mean \"frontend environments\"?)")
                .contains(
                        "at /validation/required_repository_secrets/1: validation.required_repository_secrets names PATT")
                .contains("(did you mean PAT?)");
    }

    @Test
    void theDjangoSettingsHintFollowsTheProjectsOwnPackage() throws IOException {
        ManifestException e = failure(fixture()
                .replace("projectmeats.settings.", "config.settings.")
                .replace("\"django_settings\": \"config.settings.staging\",", ""));
        assertThat(e.hint().orElseThrow()).contains("config.settings.<name>").doesNotContain("projectmeats");
    }
}
