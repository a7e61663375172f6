package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRulesTest {

    @TempDir
    Path dir;

    private HardcodedSecretRule rule() {
        return new HardcodedSecretRule(
                "config/env.manifest.json",
                SecretSensitivity.of(com.meatscentral.golden.manifest.ManifestLoader.load(Fixture.REFERENCE_MANIFEST)));
    }

    @Test
    void envFilesWithValuesAreReported() {
        Fixture f = new Fixture(dir)
                .file(".env.example", "# copy me", "DB_HOST=", "DB_PASSWORD=\"\"", "SECRET_KEY=dev-only-3f9a8c")
                .file("frontend/.env", "REACT_APP_API_BASE_URL=https://dev.meatscentral.com");
        assertThat(f.check(new EnvFilesRule()))
                .containsExactly(".env.example:4: [env-file-values]", "frontend/.env:1: [env-file-values]");
    }

    @Test
    void aLocalEnvFileThatGitIgnoresIsNotCommittedSoNotReported() throws Exception {
        Fixture f = new Fixture(dir)
                .file(".gitignore", ".env", "local/")
                .file(".env", "SECRET_KEY=my-local-dev-key-3f9a8c")
                .file("local/.env.dev", "DB_PASSWORD=local-only-9d8e7f")
                .file(".env.example", "SECRET_KEY=dev-only-3f9a8c");
        Process git = new ProcessBuilder("git", "-C", dir.toString(), "init", "-q")
                .redirectErrorStream(true)
                .start();
        assertThat(git.waitFor()).isZero();
        assertThat(f.check(new EnvFilesRule())).containsExactly(".env.example:1: [env-file-values]");
    }

    @Test
    void envFilesWithNamesOnlyPass() {
        Fixture f = new Fixture(dir)
                .file(
                        ".env.example",
                        "# names only: values are CI secrets",
                        "DB_HOST=",
                        "export DB_PASSWORD=",
                        "SECRET_KEY=''  ");
        assertThat(f.check(new EnvFilesRule())).isEmpty();
    }

    @Test
    void literalSecretsAreReportedInCodeConfigAndDocs() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/projectmeats/settings/production.py",
                        "SECRET_KEY = 'k8#Jd93!mZq0@x7Lw2vR'",
                        "DB_PASSWORD = os.environ['PROD_DB_PASSWORD']")
                .file("docs/DEPLOY.md", "Set `PROD_DB_PASSWORD: Xy7pQ2vL9wZ3` in the environment.")
                .file("deploy/values.yml", "uat_db_password: \"aB3$kL9@pQ7z\"", "DB_HOST: ${{ secrets.DEV_DB_HOST }}")
                .file(
                        "backend/local.py",
                        "DB_PASSWORD = 'it-ssh-pass-4f1e'",
                        "DB_HOST = 'db-internal-host'",
                        "SECRET_KEY = get_secret_key()");
        // DB_HOST is a CI secret of the manifest but not sensitive: a host name is no secret.
        assertThat(f.check(rule()))
                .containsExactly(
                        "backend/local.py:1: [hardcoded-secret]",
                        "backend/projectmeats/settings/production.py:1: [hardcoded-secret]",
                        "deploy/values.yml:1: [hardcoded-secret]",
                        "docs/DEPLOY.md:1: [hardcoded-secret]");
    }

    @Test
    void referencesPlaceholdersAndLowEntropyValuesPass() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/settings.py",
                        "SECRET_KEY = os.environ['SECRET_KEY']",
                        "DB_PORT = '5432'",
                        "DB_HOST = env('DB_HOST')",
                        "DB_PASSWORD = 'changeme-example'",
                        "DB_NAME = 'projectmeats'")
                .file(".env.example", "DB_HOST=", "DB_PASSWORD=", "SECRET_KEY=")
                .file(
                        ".github/workflows/x.yml",
                        "env:",
                        "  DEV_DB_PASSWORD: ${{ secrets.DEV_DB_PASSWORD }}",
                        "  SECRET_KEY: $SECRET_KEY");
        assertThat(f.check(rule())).isEmpty();
    }

    @Test
    void aGoldenAllowCommentSuppressesOnTheLineOrTheLineAbove(@TempDir Path other) {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/local_settings.py",
                        "# golden:allow hardcoded-secret throwaway key of the test settings",
                        "SECRET_KEY = 'k8#Jd93!mZq0@x7Lw2vR'",
                        "DB_PASSWORD = 'Zq9$wE2!rT5y'  # golden:allow hardcoded-secret local test database",
                        "DB_APP_PASSWORD = 'Zq9$wE2!rT5y'  # golden:allow env-file-values wrong rule id",
                        "SECRET_KEY = 'k8#Jd93!mZq0@x7Lw2vR'  # golden:allow hardcoded-secret");
        ProjectTree tree = f.tree();
        List<String> kept = rule().check(tree).stream()
                .filter(v -> !Verifier.suppressed(tree, v))
                .map(v -> v.path() + ":" + v.line())
                .toList();
        assertThat(kept).containsExactly("backend/local_settings.py:4", "backend/local_settings.py:5");
    }

    @Test
    void aCommittedPasswordInAnyStarEnvFileIsFoundWhateverTheManifestCallsIt() {
        Fixture f = new Fixture(dir)
                .file(
                        "config/environments/development.env",
                        "DEBUG=True",
                        "DB_NAME=projectmeats_development_db",
                        "DB_HOST=db.internal.example.org",
                        "ALLOWED_HOSTS=localhost,127.0.0.1,dev.meatscentral.com",
                        "REACT_APP_API_BASE_URL=https://dev-backend.meatscentral.com/api/v1",
                        "SECRET_KEY=django-insecure-dev-key-$(openssl rand -base64 32)",
                        "EMAIL_HOST_PASSWORD=",
                        "DEVELOPMENT_SUPERUSER_PASSWORD=DevAdmin123!SecurePass");
        assertThat(f.check(rule())).containsExactly("config/environments/development.env:8: [hardcoded-secret]");
    }

    @Test
    void frontendRuntimeValuesAndNonSensitiveNamesAreNeverSecrets() {
        Fixture f = new Fixture(dir)
                .file(
                        "frontend/.env.production",
                        "REACT_APP_API_BASE_URL=https://api.meatscentral.com/v1/q8Zr",
                        "REACT_APP_SENTRY_DSN=https://f00d1e5a9b7c@o42.ingest.sentry.io/77")
                .file(
                        "docs/ENVIRONMENTS.md",
                        "DB_NAME: projectmeats_prod_2024",
                        "DB_USER: pm_app_user_7Qx",
                        "BASTION_HOST: 203.0.113.47");
        // REACT_APP_* are the reference manifest's frontend_runtime variables: every browser receives them.
        assertThat(f.check(rule())).isEmpty();
    }

    @Test
    void theManifestsSensitiveMarkDecidesForItsVariables(@TempDir Path other) throws Exception {
        String json = java.nio.file.Files.readString(Fixture.REFERENCE_MANIFEST)
                .replace("\"DB_HOST\": {", "\"DB_HOST\": {\n        \"sensitive\": true,")
                .replace("\"DB_PASSWORD\": {", "\"DB_PASSWORD\": {\n        \"sensitive\": false,");
        java.nio.file.Path manifest = other.resolve("env.manifest.json");
        java.nio.file.Files.writeString(manifest, json);
        HardcodedSecretRule marked = new HardcodedSecretRule(
                "config/env.manifest.json",
                SecretSensitivity.of(com.meatscentral.golden.manifest.ManifestLoader.load(manifest)));
        Fixture f = new Fixture(dir)
                .file("deploy/hosts.yml", "UAT_DB_HOST: db-7f3k9q.internal", "DB_PASSWORD: pw-Zq9wE2rT5y");
        assertThat(f.check(marked)).containsExactly("deploy/hosts.yml:1: [hardcoded-secret]");
    }

    @Test
    void aUrlWithALiteralPasswordIsASecretUnderAnyName() {
        Fixture f = new Fixture(dir)
                .file(
                        "docker-compose.yml",
                        "services:",
                        "  web:",
                        "    environment:",
                        "      DATABASE_URL: postgres://app:Xy7pQ2vL9wZ3@db:5432/pm",
                        "      CACHE_URL: redis://:$REDIS_PASSWORD@cache:6379/0")
                .file(
                        "scripts/migrate.sh",
                        "psql \"postgresql://$DB_USER:$DB_PASSWORD@localhost:5433/$DB_NAME\"",
                        "echo postgresql://user:password@localhost/db",
                        "echo postgresql://u:${DB_PASSWORD}@h/db");
        assertThat(f.check(rule())).containsExactly("docker-compose.yml:4: [hardcoded-secret]");
    }

    @Test
    void testFixturesAndLabelsAreNotSecrets() {
        Fixture f = new Fixture(dir)
                .file("backend/apps/tenants/tests/factories.py", "user = create_user('alice', password='Zq9$wE2!rT5y')")
                .file("backend/apps/core/tests.py", "DATABASE_URL = 'postgres://owner:Zq9wE2rT5yX@db/app'")
                .file("frontend/src/api.test.js", "const password = 'Zq9$wE2!rT5y';")
                .file(
                        "frontend/src/api.js",
                        "const TOKEN_KEY = 'apiToken';",
                        "const SECRET_KEY = 'pm.session.secret';",
                        "const credentials = base64.b64encode(raw);")
                .file("config/test.env", "DB_PASSWORD=Zq9$wE2!rT5y");
        // Test code is skipped, committed env files are not, wherever they are.
        assertThat(f.check(rule())).containsExactly("config/test.env:1: [hardcoded-secret]");
    }

    @Test
    void entropyIsShannonsBitsPerCharacter() {
        assertThat(HardcodedSecretRule.entropy("aaaaaaaa")).isZero();
        assertThat(HardcodedSecretRule.entropy("abcdefgh")).isEqualTo(3.0);
    }
}
