package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad manifest gives one message with file, JSON pointer, line:column and a fix. */
class ManifestValidationTest {

    @TempDir
    Path dir;

    /** A small valid manifest; tests break one thing in it. Line numbers below refer to this text. */
    private static final String VALID = """
            {
              "project": "Sample",
              "version": "3.3",
              "environments": {
                "dev-backend": { "type": "backend", "prefix": "DEV", "django_settings": "app.settings.dev" },
                "dev-frontend": { "type": "frontend", "prefix": "DEV", "url": "https://dev.example.com" }
              },
              "variables": {
                "infrastructure": {
                  "BASTION_HOST": { "ci_secret_mapping": { "dev-backend": "DEV_HOST", "dev-frontend": "DEV_HOST" } }
                },
                "application": {
                  "DB_HOST": { "ci_secret_pattern": "{PREFIX}_DB_HOST" },
                  "DJANGO_SETTINGS_MODULE": { "value_source": "environment_config" }
                },
                "frontend_runtime": {
                  "REACT_APP_API_BASE_URL": { "ci_secret_pattern": "REACT_APP_API_BASE_URL" }
                }
              }
            }
            """;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, text);
        return file;
    }

    private ManifestException failure(String text) throws IOException {
        Path file = write(text);
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(file));
        assertThat(e).as("expected a ManifestException").isNotNull();
        assertThat(e).isInstanceOf(GoldenException.class);
        assertThat(e.getMessage()).contains(file.toString());
        assertThat(e.hint()).isPresent();
        return e;
    }

    private static String replace(String from, String to) {
        assertThat(VALID).contains(from);
        return VALID.replace(from, to);
    }

    @Test
    void theValidSampleLoads() throws IOException {
        Manifest m = ManifestLoader.load(write(VALID));
        assertThat(m.environmentNames()).containsExactly("dev-backend", "dev-frontend");
        assertThat(m.environment("dev-frontend").githubEnvironment()).isEqualTo("dev-frontend");
    }

    @Test
    void theArchetypesManifestLoadsUnderTheStrictSchema() throws IOException {
        Path generated = ReferenceManifest.path()
                .getParent()
                .getParent()
                .resolve("golden-archetype/src/main/resources/archetype-resources/config/env.manifest.json");
        Manifest m = ManifestLoader.load(write(Files.readString(generated)
                .replace("${domain}", "example.com")
                .replace("${artifactId}", "orders")
                .replace("${rootArtifactId}", "orders")));
        assertThat(m.environmentNames()).hasSize(6);
        assertThat(m.environment("dev-backend").configValue("allowed_hosts")).isPresent();
    }

    @Test
    void unknownKeysAreRefusedEachWithDidYouMean() throws IOException {
        ManifestException e =
                failure(VALID.replace("\"project\": \"Sample\",", "\"project\": \"Sample\", \"desciption\": \"x\",")
                        .replace("\"prefix\": \"DEV\", \"url\"", "\"prefix\": \"DEV\", \"brnch\": \"main\", \"url\""));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage())
                .contains("2 problems")
                .contains("env.manifest.json:2:38: at /desciption")
                .contains("at /desciption: unknown key \"desciption\" (did you mean \"description\"?)")
                .contains("env.manifest.json:6:69: at /environments/dev-frontend/brnch")
                .contains("at /environments/dev-frontend/brnch: unknown key \"brnch\" (did you mean \"branch\"?)");
    }

    @Test
    void anEnumValueGetsDidYouMean() throws IOException {
        ManifestException e = failure(replace("\"type\": \"frontend\"", "\"type\": \"frontent\""));
        assertThat(e.getMessage())
                .contains("at /environments/dev-frontend/type")
                .contains("\"frontent\" is not one of backend, frontend (did you mean \"frontend\"?)");
    }

    @Test
    void aByteOrderMarkIsTolerated() throws IOException {
        assertThat(ManifestLoader.load(write("\uFEFF" + VALID)).environmentNames())
                .hasSize(2);
    }

    @Test
    void theReferenceManifestIsValid() {
        assertThat(ReferenceManifest.load().environments()).hasSize(6);
    }

    @Test
    void malformedJsonGivesJacksonsLocation() throws IOException {
        // Line 3: a missing comma after "3.3".
        ManifestException e = failure(replace("\"version\": \"3.3\",", "\"version\": \"3.3\""));
        assertThat(e.getMessage()).contains("malformed JSON").contains(":4:");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).doesNotContain("[Source:");
    }

    @Test
    void duplicateKeysAreMalformed() throws IOException {
        ManifestException e = failure(replace("\"version\": \"3.3\",", "\"version\": \"3.3\", \"version\": \"3.4\","));
        assertThat(e.getMessage())
                .contains("malformed JSON")
                .contains("version")
                .contains(":3:");
    }

    @Test
    void wrongTypeNamesPointerAndLine() throws IOException {
        ManifestException e = failure(replace(
                "{ \"ci_secret_pattern\": \"{PREFIX}_DB_HOST\" }",
                "{ \"ci_secret_pattern\": \"{PREFIX}_DB_HOST\", \"required\": \"yes\" }"));
        assertThat(e.pointer()).isEqualTo("/variables/application/DB_HOST/required");
        assertThat(e.line()).isEqualTo(13);
        assertThat(e.getMessage())
                .contains(":13:")
                .contains("/variables/application/DB_HOST/required")
                .contains("boolean");
    }

    @Test
    void wrongEnvironmentTypeValue() throws IOException {
        ManifestException e = failure(replace("\"type\": \"frontend\"", "\"type\": \"spa\""));
        assertThat(e.pointer()).isEqualTo("/environments/dev-frontend/type");
        assertThat(e.line()).isEqualTo(6);
    }

    @Test
    void missingRequiredKeyIsReportedOnItsParent() throws IOException {
        ManifestException e =
                failure(replace("\"type\": \"frontend\", \"prefix\": \"DEV\", ", "\"type\": \"frontend\", "));
        assertThat(e.pointer()).isEqualTo("/environments/dev-frontend");
        assertThat(e.getMessage()).contains("prefix").contains(":6:");
    }

    @Test
    void mappingNamingAnUnknownEnvironment() throws IOException {
        ManifestException e = failure(replace("\"dev-frontend\": \"DEV_HOST\"", "\"dev-frontnd\": \"DEV_HOST\""));
        assertThat(e.pointer()).isEqualTo("/variables/infrastructure/BASTION_HOST/ci_secret_mapping/dev-frontnd");
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.getMessage())
                .contains("unknown environment 'dev-frontnd'")
                .contains("did you mean 'dev-frontend'");
    }

    @Test
    void versionBelow33() throws IOException {
        ManifestException e = failure(replace("\"version\": \"3.3\"", "\"version\": \"3.2\""));
        assertThat(e.pointer()).isEqualTo("/version");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("3.2").contains("older than 3.3");
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("3.3"));
    }

    @Test
    void laterVersionsAreAccepted() throws IOException {
        assertThat(ManifestLoader.load(write(replace("\"version\": \"3.3\"", "\"version\": \"3.10\"")))
                        .version())
                .isEqualTo("3.10");
    }

    @Test
    void versionThatIsNotANumber() throws IOException {
        ManifestException e = failure(replace("\"version\": \"3.3\"", "\"version\": 3.3"));
        assertThat(e.pointer()).isEqualTo("/version");
        assertThat(e.getMessage()).contains(":3:").contains("string");
    }

    @Test
    void frontendWithoutUrl() throws IOException {
        ManifestException e = failure(replace(", \"url\": \"https://dev.example.com\"", ""));
        assertThat(e.pointer()).isEqualTo("/environments/dev-frontend");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.getMessage()).contains("has no \"url\"");
    }

    @Test
    void backendWithoutDjangoSettings() throws IOException {
        ManifestException e = failure(replace(", \"django_settings\": \"app.settings.dev\"", ""));
        assertThat(e.pointer()).isEqualTo("/environments/dev-backend");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("has no \"django_settings\"");
    }

    @Test
    void variableWithAnUnknownPlaceholderCannotResolve() throws IOException {
        ManifestException e = failure(replace("\"{PREFIX}_DB_HOST\"", "\"{PREFX}_DB_HOST\""));
        assertThat(e.pointer()).isEqualTo("/variables/application/DB_HOST/ci_secret_pattern");
        assertThat(e.line()).isEqualTo(13);
        assertThat(e.getMessage())
                .contains("cannot be resolved for environment 'dev-backend'")
                .contains("{PREFX}");
    }

    @Test
    void environmentConfigVariableWithoutItsFieldCannotResolve() throws IOException {
        ManifestException e = failure(replace(
                "{ \"value_source\": \"environment_config\" }",
                "{ \"value_source\": \"environment_config\", \"config_key\": \"url\" }"));
        assertThat(e.pointer()).isEqualTo("/variables/application/DJANGO_SETTINGS_MODULE");
        assertThat(e.line()).isEqualTo(14);
        assertThat(e.getMessage())
                .contains("cannot be resolved for environment 'dev-backend'")
                .contains("\"url\"");
    }

    @Test
    void environmentConfigVariableReadsAnyTextFieldOfTheEnvironment() throws IOException {
        String text = replace(
                        "\"django_settings\": \"app.settings.dev\" }",
                        "\"django_settings\": \"app.settings.dev\", \"allowed_hosts\": \"dev.example.com,localhost\" }")
                .replace(
                        "\"DJANGO_SETTINGS_MODULE\": { \"value_source\": \"environment_config\" }",
                        "\"DJANGO_SETTINGS_MODULE\": { \"value_source\": \"environment_config\" },\n"
                                + "      \"ALLOWED_HOSTS\": { \"value_source\": \"environment_config\", \"config_key\": \"allowed_hosts\" }");
        var values = ManifestLoader.load(write(text))
                .valuesFor("dev-backend", java.util.Map.of("DEV_HOST", "h", "DEV_DB_HOST", "db"));
        assertThat(values.get("ALLOWED_HOSTS")).contains("dev.example.com,localhost");
        assertThat(values.get("DJANGO_SETTINGS_MODULE")).contains("app.settings.dev");
        // The same variable on an environment without the field: one clear error naming it.
        ManifestException e = failure(text.replace(", \"allowed_hosts\": \"dev.example.com,localhost\"", ""));
        assertThat(e.getMessage()).contains("ALLOWED_HOSTS").contains("has no \"allowed_hosts\"");
    }

    @Test
    void missingFileAndEmptyFile() throws IOException {
        Path nowhere = dir.resolve("nope.json");
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(nowhere));
        assertThat(e.getMessage()).contains(nowhere.toString()).contains("not found");
        ManifestException empty = failure("");
        assertThat(empty.getMessage()).contains("empty");
    }

    @Test
    void lowerCasePrefixGetsASpecificHint() throws IOException {
        ManifestException e = failure(
                replace("\"prefix\": \"DEV\", \"django_settings\"", "\"prefix\": \"dev\", \"django_settings\""));
        assertThat(e.pointer()).isEqualTo("/environments/dev-backend/prefix");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("upper-case"));
    }

    @Test
    void secretNameWithIllegalCharacters() throws IOException {
        ManifestException e = failure(replace("\"dev-backend\": \"DEV_HOST\"", "\"dev-backend\": \"DEV-HOST\""));
        assertThat(e.pointer()).isEqualTo("/variables/infrastructure/BASTION_HOST/ci_secret_mapping/dev-backend");
        assertThat(e.line()).isEqualTo(10);
    }
}
