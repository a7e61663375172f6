package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRulesTest {

    @TempDir
    Path dir;

    private HardcodedSecretRule rule() {
        return new HardcodedSecretRule(Rules.secretNames(Optional.of(
                com.meatscentral.golden.manifest.ManifestLoader.load(Fixture.REFERENCE_MANIFEST))), "config/env.manifest.json");
    }

    @Test
    void envFilesWithValuesAreReported() {
        Fixture f = new Fixture(dir)
                .file(".env.example", "# copy me", "DB_HOST=", "DB_PASSWORD=\"\"", "SECRET_KEY=dev-only-3f9a8c")
                .file("frontend/.env", "REACT_APP_API_BASE_URL=https://dev.meatscentral.com");
        assertThat(f.check(new EnvFilesRule())).containsExactly(
                ".env.example:4: [env-file-values]", "frontend/.env:1: [env-file-values]");
    }

    @Test
    void aLocalEnvFileThatGitIgnoresIsNotCommittedSoNotReported() throws Exception {
        Fixture f = new Fixture(dir).file(".gitignore", ".env", "local/")
                .file(".env", "SECRET_KEY=my-local-dev-key-3f9a8c")
                .file("local/.env.dev", "DB_PASSWORD=local-only-9d8e7f")
                .file(".env.example", "SECRET_KEY=dev-only-3f9a8c");
        Process git = new ProcessBuilder("git", "-C", dir.toString(), "init", "-q").redirectErrorStream(true).start();
        assertThat(git.waitFor()).isZero();
        assertThat(f.check(new EnvFilesRule())).containsExactly(".env.example:1: [env-file-values]");
    }

    @Test
    void envFilesWithNamesOnlyPass() {
        Fixture f = new Fixture(dir).file(".env.example", "# names only: values are CI secrets", "DB_HOST=",
                "export DB_PASSWORD=", "SECRET_KEY=''  ");
        assertThat(f.check(new EnvFilesRule())).isEmpty();
    }

    @Test
    void literalSecretsAreReportedInCodeConfigAndDocs() {
        Fixture f = new Fixture(dir)
                .file("backend/projectmeats/settings/production.py",
                        "SECRET_KEY = 'k8#Jd93!mZq0@x7Lw2vR'",
                        "DB_PASSWORD = os.environ['PROD_DB_PASSWORD']")
                .file("docs/DEPLOY.md", "Set `PROD_DB_PASSWORD: Xy7pQ2vL9wZ3` in the environment.")
                .file("deploy/values.yml", "uat_db_password: \"aB3$kL9@pQ7z\"", "DB_HOST: ${{ secrets.DEV_DB_HOST }}")
                .file("backend/local.py", "DB_PASSWORD = 'it-ssh-pass-4f1e'", "DB_HOST = 'db-internal-host'", "SECRET_KEY = get_secret_key()");
        assertThat(f.check(rule())).containsExactly(
                "backend/local.py:1: [hardcoded-secret]",
                "backend/local.py:2: [hardcoded-secret]",
                "backend/projectmeats/settings/production.py:1: [hardcoded-secret]",
                "deploy/values.yml:1: [hardcoded-secret]",
                "docs/DEPLOY.md:1: [hardcoded-secret]");
    }

    @Test
    void referencesPlaceholdersAndLowEntropyValuesPass() {
        Fixture f = new Fixture(dir)
                .file("backend/settings.py",
                        "SECRET_KEY = os.environ['SECRET_KEY']",
                        "DB_PORT = '5432'",
                        "DB_HOST = env('DB_HOST')",
                        "DB_PASSWORD = 'changeme-example'",
                        "DB_NAME = 'projectmeats'")
                .file(".env.example", "DB_HOST=", "DB_PASSWORD=", "SECRET_KEY=")
                .file(".github/workflows/x.yml", "env:", "  DEV_DB_PASSWORD: ${{ secrets.DEV_DB_PASSWORD }}",
                        "  SECRET_KEY: $SECRET_KEY");
        assertThat(f.check(rule())).isEmpty();
    }

    @Test
    void aGoldenAllowCommentSuppressesOnTheLineOrTheLineAbove(@TempDir Path other) {
        Fixture f = new Fixture(dir).file("backend/tests/settings.py",
                "# golden:allow hardcoded-secret throwaway key of the test settings",
                "SECRET_KEY = 'k8#Jd93!mZq0@x7Lw2vR'",
                "DB_PASSWORD = 'Zq9$wE2!rT5y'  # golden:allow hardcoded-secret local test database",
                "DB_APP_PASSWORD = 'Zq9$wE2!rT5y'  # golden:allow env-file-values wrong rule id",
                "SECRET_KEY = 'k8#Jd93!mZq0@x7Lw2vR'  # golden:allow hardcoded-secret");
        ProjectTree tree = f.tree();
        List<String> kept = rule().check(tree).stream().filter(v -> !Verifier.suppressed(tree, v))
                .map(v -> v.path() + ":" + v.line()).toList();
        assertThat(kept).containsExactly("backend/tests/settings.py:4", "backend/tests/settings.py:5");
    }

    @Test
    void entropyIsShannonsBitsPerCharacter() {
        assertThat(HardcodedSecretRule.entropy("aaaaaaaa")).isZero();
        assertThat(HardcodedSecretRule.entropy("abcdefgh")).isEqualTo(3.0);
    }
}
