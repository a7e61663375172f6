package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference manifest resolves to exactly the names of GOLDEN_PIPELINE.md's tables. */
class ManifestResolutionTest {

    private final Manifest manifest = ReferenceManifest.load();

    private String secret(String env, String variable) {
        return manifest.variablesFor(env).stream()
                .filter(v -> v.name().equals(variable))
                .findFirst()
                .orElseThrow(() -> new AssertionError(variable + " does not apply to " + env))
                .secretName()
                .orElseThrow(() -> new AssertionError(variable + " is not a secret in " + env));
    }

    @Test
    void environmentMapTableInFileOrder() {
        assertThat(manifest.version()).isEqualTo("3.3");
        assertThat(manifest.project()).isEqualTo("ProjectMeats");
        assertThat(manifest.environmentNames())
                .containsExactly(
                        "dev-backend", "dev-frontend", "uat2-backend", "uat2", "prod2-backend", "prod2-frontend");
        record Row(String name, Environment.Type type, String prefix, String branch, Optional<String> url) {}
        List<Row> expected = List.of(
                new Row("dev-backend", Environment.Type.BACKEND, "DEV", "development", Optional.empty()),
                new Row(
                        "dev-frontend",
                        Environment.Type.FRONTEND,
                        "DEV",
                        "development",
                        Optional.of("https://dev.meatscentral.com")),
                new Row("uat2-backend", Environment.Type.BACKEND, "UAT", "uat", Optional.empty()),
                new Row(
                        "uat2",
                        Environment.Type.FRONTEND,
                        "STAGING",
                        "uat",
                        Optional.of("https://uat.meatscentral.com")),
                new Row("prod2-backend", Environment.Type.BACKEND, "PROD", "main", Optional.empty()),
                new Row(
                        "prod2-frontend",
                        Environment.Type.FRONTEND,
                        "PROD",
                        "main",
                        Optional.of("https://meatscentral.com")));
        for (Row row : expected) {
            Environment env = manifest.environment(row.name());
            assertThat(env.type()).as(row.name()).isEqualTo(row.type());
            assertThat(env.prefix()).as(row.name()).isEqualTo(row.prefix());
            assertThat(env.githubEnvironment()).as(row.name()).isEqualTo(row.name());
            assertThat(env.branch()).as(row.name()).contains(row.branch());
            assertThat(env.url()).as(row.name()).isEqualTo(row.url());
        }
    }

    @Test
    void secretPrefixTable() {
        assertThat(secret("dev-backend", "BASTION_HOST")).isEqualTo("DEV_HOST");
        assertThat(secret("dev-backend", "BASTION_USER")).isEqualTo("DEV_USER");
        assertThat(secret("dev-backend", "DB_HOST")).isEqualTo("DEV_DB_HOST");
        assertThat(secret("dev-backend", "SECRET_KEY")).isEqualTo("DEV_SECRET_KEY");
        assertThat(secret("dev-frontend", "BASTION_HOST")).isEqualTo("DEV_HOST");
        assertThat(secret("dev-frontend", "BASTION_USER")).isEqualTo("DEV_USER");
        assertThat(secret("uat2-backend", "BASTION_HOST")).isEqualTo("UAT_HOST");
        assertThat(secret("uat2-backend", "BASTION_USER")).isEqualTo("UAT_USER");
        assertThat(secret("uat2-backend", "DB_HOST")).isEqualTo("UAT_DB_HOST");
        assertThat(secret("uat2-backend", "SECRET_KEY")).isEqualTo("UAT_SECRET_KEY");
        assertThat(secret("prod2-backend", "BASTION_HOST")).isEqualTo("PROD_HOST");
        assertThat(secret("prod2-backend", "BASTION_USER")).isEqualTo("PROD_USER");
        assertThat(secret("prod2-backend", "DB_HOST")).isEqualTo("PROD_DB_HOST");
        assertThat(secret("prod2-backend", "SECRET_KEY")).isEqualTo("PROD_SECRET_KEY");
        for (String frontend : List.of("dev-frontend", "uat2", "prod2-frontend")) {
            assertThat(secret(frontend, "REACT_APP_API_BASE_URL")).isEqualTo("REACT_APP_API_BASE_URL");
            assertThat(secret(frontend, "REACT_APP_ENVIRONMENT")).isEqualTo("REACT_APP_ENVIRONMENT");
        }
    }

    @Test
    void legacyUat2UsesStagingPrefixAndIsNotCalledUat2Frontend() {
        assertThat(manifest.environments()).containsKey("uat2").doesNotContainKey("uat2-frontend");
        assertThat(secret("uat2", "BASTION_HOST")).isEqualTo("STAGING_HOST");
        assertThat(secret("uat2", "BASTION_USER")).isEqualTo("STAGING_USER");
        assertThat(manifest.environment("uat2").legacy())
                .hasValueSatisfying(t -> assertThat(t).contains("STAGING").contains("uat2-frontend"));
    }

    @Test
    void legacyProd2FrontendUsesProductionHost() {
        assertThat(secret("prod2-frontend", "BASTION_HOST")).isEqualTo("PRODUCTION_HOST");
        assertThat(secret("prod2-frontend", "BASTION_USER")).isEqualTo("PROD_USER");
        Environment env = manifest.environment("prod2-frontend");
        assertThat(env.documentsLegacy("PRODUCTION_HOST")).isTrue();
        assertThat(env.documentsLegacy("PRODUCTION")).isFalse();
    }

    @Test
    void sshPasswordIsTheGlobalForUatAndProdAndEnvScopedForDev() {
        assertThat(manifest.isGlobalSecret("SSH_PASSWORD")).isTrue();
        assertThat(manifest.isGlobalSecret("DO_ACCESS_TOKEN")).isTrue();
        for (String env : List.of("uat2-backend", "uat2", "prod2-backend", "prod2-frontend")) {
            assertThat(secret(env, "SSH_PASSWORD")).as(env).isEqualTo("SSH_PASSWORD");
        }
        assertThat(secret("dev-backend", "SSH_PASSWORD")).isEqualTo("DEV_SSH_PASSWORD");
        assertThat(secret("dev-frontend", "SSH_PASSWORD")).isEqualTo("DEV_SSH_PASSWORD");
        for (String env : manifest.environmentNames()) {
            assertThat(secret(env, "DO_ACCESS_TOKEN")).as(env).isEqualTo("DO_ACCESS_TOKEN");
        }
    }

    @Test
    void categoriesFollowTheEnvironmentType() {
        List<String> backend = manifest.variablesFor("uat2-backend").stream()
                .map(ResolvedVariable::name)
                .toList();
        List<String> frontend = manifest.variablesFor("uat2").stream()
                .map(ResolvedVariable::name)
                .toList();
        List<String> infrastructure = List.of(
                "BASTION_HOST",
                "BASTION_USER",
                "SSH_PASSWORD",
                "SSH_PRIVATE_KEY",
                "SSH_HOST_FINGERPRINT",
                "DO_ACCESS_TOKEN");
        assertThat(backend)
                .containsExactlyElementsOf(concat(
                        infrastructure,
                        List.of(
                                "DB_HOST",
                                "DB_PORT",
                                "DB_NAME",
                                "DB_USER",
                                "DB_PASSWORD",
                                "DB_APP_USER",
                                "DB_APP_PASSWORD",
                                "SECRET_KEY",
                                "DJANGO_SETTINGS_MODULE")));
        assertThat(frontend)
                .containsExactlyElementsOf(concat(
                        infrastructure, List.of("BACKEND_IP", "REACT_APP_API_BASE_URL", "REACT_APP_ENVIRONMENT")));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void djangoSettingsModuleIsEnvironmentConfigNotASecret() {
        ResolvedVariable v = manifest.variablesFor("prod2-backend").stream()
                .filter(r -> r.name().equals("DJANGO_SETTINGS_MODULE"))
                .findFirst()
                .orElseThrow();
        assertThat(v.secretName()).isEmpty();
        assertThat(v.configValue()).contains("projectmeats.settings.production");
        assertThat(manifest.secretNamesFor("prod2-backend")).doesNotContain("DJANGO_SETTINGS_MODULE");
    }

    @Test
    void optionalAndDefaultedVariables() {
        Map<String, ResolvedVariable> byName = new LinkedHashMap<>();
        manifest.variablesFor("dev-backend").forEach(v -> byName.put(v.name(), v));
        assertThat(byName.get("SSH_PRIVATE_KEY").required()).isFalse();
        assertThat(byName.get("SSH_HOST_FINGERPRINT").required()).isFalse();
        assertThat(byName.get("DB_PORT").defaultValue()).contains("5432");
        assertThat(byName.get("DB_PORT").mustBeProvided()).isFalse();
        assertThat(byName.get("DB_PASSWORD").mustBeProvided()).isTrue();
    }

    @Test
    void unknownEnvironmentSuggestsTheClosestName() {
        assertThatThrownBy(() -> manifest.environment("uat2-frontend"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("Unknown environment 'uat2-frontend'")
                .hasMessageContaining("did you mean 'uat2'?");
        assertThatThrownBy(() -> manifest.environment("prod-backend"))
                .hasMessageContaining("did you mean 'prod2-backend'?");
        assertThatThrownBy(() -> manifest.environment("zzzzzzzzzzzzzzzz"))
                .isInstanceOf(GoldenException.class)
                .hasMessageNotContaining("did you mean")
                .satisfies(e -> assertThat(((GoldenException) e).hint())
                        .hasValueSatisfying(
                                h -> assertThat(h).contains("dev-backend").contains("prod2-frontend")));
    }

    @Test
    void valuesComeFromTheProcessEnvironmentUnderTheSecretName() {
        Map<String, String> env = new HashMap<>();
        env.put("UAT_DB_PASSWORD", "owner-pw");
        env.put("UAT_HOST", "10.0.0.5");
        EnvironmentValues values = manifest.valuesFor("uat2-backend", env);
        assertThat(values.require("DB_PASSWORD")).isEqualTo("owner-pw");
        assertThat(values.get("BASTION_HOST")).contains("10.0.0.5");
        assertThat(values.get("DB_PORT")).contains("5432");
        assertThat(values.get("DJANGO_SETTINGS_MODULE")).contains("projectmeats.settings.staging");
        assertThat(values.optional("SSH_PRIVATE_KEY")).isEmpty();
        assertThat(values.secretName("DB_PASSWORD")).contains("UAT_DB_PASSWORD");
        assertThat(values.secretName("DJANGO_SETTINGS_MODULE")).isEmpty();
        assertThat(values.secretValues()).containsExactlyInAnyOrder("owner-pw", "10.0.0.5");
        assertThat(values.toString()).doesNotContain("owner-pw");
    }

    @Test
    void requireNamesTheSecretToSet() {
        EnvironmentValues values = manifest.valuesFor("uat2", Map.of());
        assertThatThrownBy(() -> values.require("BASTION_HOST"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("BASTION_HOST")
                .hasMessageContaining("STAGING_HOST")
                .hasMessageContaining("uat2");
        assertThatThrownBy(() -> values.require("DB_PASSWORD"))
                .hasMessageContaining("not a variable of environment uat2");
    }

    @Test
    void requireAllListsEveryMissingRequiredSecret() {
        Map<String, String> env = new HashMap<>();
        for (String name : manifest.secretNamesFor("prod2-frontend")) {
            env.put(name, "value-of-" + name);
        }
        assertThat(manifest.valuesFor("prod2-frontend", env).requireAll().missing())
                .isEmpty();
        env.remove("PRODUCTION_HOST");
        env.remove("SSH_PASSWORD");
        env.remove("PRODUCTION_SSH_HOST_FINGERPRINT"); // optional: not listed
        assertThatThrownBy(() -> manifest.valuesFor("prod2-frontend", env).requireAll())
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("prod2-frontend is missing 2 values")
                .hasMessageContaining("ssh_host -> BASTION_HOST -> secret PRODUCTION_HOST")
                .hasMessageContaining("SSH_PASSWORD -> SSH_PASSWORD") // required by the manifest, though the key is set
                .hasMessageNotContaining("SSH_HOST_FINGERPRINT")
                .hasMessageNotContaining("value-of-");
    }

    @Test
    void emptyValueCountsAsMissing() {
        Map<String, String> env = new HashMap<>();
        manifest.secretNamesFor("dev-backend").forEach(n -> env.put(n, "x-" + n));
        env.put("DEV_SECRET_KEY", "");
        assertThatThrownBy(() -> manifest.valuesFor("dev-backend", env).requireAll())
                .hasMessageContaining("django_secret_key -> SECRET_KEY -> secret DEV_SECRET_KEY");
    }

    @Test
    void closestNameDistance() {
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestName.to("DB_PASWORD", List.of("DB_PASSWORD", "DB_HOST")))
                .contains("DB_PASSWORD");
    }
}
