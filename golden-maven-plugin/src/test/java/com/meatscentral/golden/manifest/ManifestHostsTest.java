package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.deploy.DropletHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several droplets per environment, in both manifest versions: a {@code "hosts"} list (and a
 * named {@code "bastion"}) or the host variable holding a comma-separated list; one host stays
 * as it was; bad lists are one message each with file:line:col and pointer (or variable and secret).
 */
class ManifestHostsTest {

    @TempDir
    Path dir;

    private static final String V3 = """
            {
              "project": "Sample",
              "version": "3.3",
              "environments": {
                "dev-backend": { "type": "backend", "prefix": "DEV", "django_settings": "app.settings.dev" }
              },
              "variables": {
                "infrastructure": {
                  "BASTION_HOST": { "ci_secret_mapping": { "dev-backend": "DEV_HOST" } }
                }
              }
            }
            """;

    private Manifest load(String text) throws IOException {
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, text);
        return ManifestLoader.load(file);
    }

    private ManifestException failure(String text) throws IOException {
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, text);
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(file));
        assertThat(e).as("expected a ManifestException").isNotNull();
        assertThat(e.hint()).isPresent();
        return e;
    }

    private static String withHosts(String hosts) {
        return V3.replace(
                "\"django_settings\": \"app.settings.dev\" }",
                "\"django_settings\": \"app.settings.dev\",\n" + "      " + hosts + " }");
    }

    @Test
    void oneHostInTheVariableIsExactlyAsBefore() throws IOException {
        EnvironmentValues values = load(V3).valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5"));
        assertThat(DropletHosts.several(values)).isEmpty();
        assertThat(values.get(Role.SSH_HOST)).hasValue("10.0.0.5");
        assertThat(DropletHosts.of(values).hosts()).containsExactly("10.0.0.5");
    }

    @Test
    void aCommaSeparatedVariableNamesSeveralHostsTheFirstIsTheBastion() throws IOException {
        EnvironmentValues values = load(V3).valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5, 10.0.0.6"));
        DropletHosts hosts = DropletHosts.several(values).orElseThrow();
        assertThat(hosts.hosts()).containsExactly("10.0.0.5", "10.0.0.6");
        assertThat(hosts.bastion()).isEqualTo("10.0.0.5");
        assertThat(values.forHost("10.0.0.6").get(Role.SSH_HOST)).hasValue("10.0.0.6");
        assertThat(values.get(Role.SSH_HOST))
                .as("the original values are unchanged")
                .hasValue("10.0.0.5, 10.0.0.6");
    }

    @Test
    void aHostsListInTheManifestWinsAndNamesItsBastion() throws IOException {
        Manifest m =
                load(withHosts("\"hosts\": [\"10.0.0.5\", \"10.0.0.6\", \"10.0.0.7\"], \"bastion\": \"10.0.0.6\""));
        assertThat(m.environment("dev-backend").hosts()).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7");
        EnvironmentValues values = m.valuesFor("dev-backend", Map.of("DEV_HOST", "10.9.9.9"));
        DropletHosts hosts = DropletHosts.several(values).orElseThrow();
        assertThat(hosts.bastion()).isEqualTo("10.0.0.6");
        assertThat(hosts.rolloutOrder()).containsExactly("10.0.0.6", "10.0.0.5", "10.0.0.7");
        assertThat(hosts.lockOrder()).containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7");
    }

    @Test
    void migrateAndStatusConnectThroughTheBastionAloneOneHostStaysAsItIs() throws IOException {
        Manifest m = load(withHosts("\"hosts\": [\"10.0.0.5\", \"10.0.0.6\"], \"bastion\": \"10.0.0.6\""));
        EnvironmentValues several = m.valuesFor("dev-backend", Map.of("DEV_HOST", "10.9.9.9"));
        assertThat(DropletHosts.bastionValues(several).get(Role.SSH_HOST)).hasValue("10.0.0.6");
        EnvironmentValues listed = load(V3).valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5,10.0.0.6"));
        assertThat(DropletHosts.bastionValues(listed).get(Role.SSH_HOST)).hasValue("10.0.0.5");
        EnvironmentValues one = load(V3).valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5"));
        assertThat(DropletHosts.bastionValues(one)).isSameAs(one);
    }

    @Test
    void badListsInTheManifestAreEachReportedWithLineColumnAndPointer() throws IOException {
        ManifestException e = failure(withHosts("\"hosts\": [\"10.0.0.5\", \"\", \"10.0.0.5\", \"a,b\"]"));
        assertThat(e.getMessage())
                .contains("env.manifest.json:6:")
                .contains("/environments/dev-backend/hosts/1")
                .contains("/environments/dev-backend/hosts/3")
                .contains("/environments/dev-backend/hosts");
        assertThat(failure(withHosts("\"hosts\": []")).getMessage()).contains("/environments/dev-backend/hosts");
        assertThat(failure(withHosts("\"hosts\": \"10.0.0.5\"")).getMessage())
                .contains("/environments/dev-backend/hosts");
    }

    @Test
    void aBastionThatIsNotListedIsOneProblemAtItsPointer() throws IOException {
        ManifestException e = failure(withHosts("\"hosts\": [\"10.0.0.5\", \"10.0.0.6\"], \"bastion\": \"10.0.0.7\""));
        assertThat(e.getMessage())
                .contains("env.manifest.json:6:")
                .contains("at /environments/dev-backend/bastion")
                .contains("is not one of its hosts");
        assertThat(e.hint().orElseThrow()).contains("hosts");
    }

    @Test
    void aBadVariableListNamesTheVariableTheSecretAndThePositionsNeverTheValues() throws IOException {
        Manifest m = load(V3);
        for (String bad : List.of("10.0.0.5,,10.0.0.6", "10.0.0.5,10.0.0.5", "10.0.0.5,", "10.0.0.5,a b")) {
            EnvironmentValues values = m.valuesFor("dev-backend", Map.of("DEV_HOST", bad));
            assertThatThrownBy(() -> DropletHosts.several(values))
                    .as(bad)
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("BASTION_HOST -> secret DEV_HOST")
                    .hasMessageContaining("entry ")
                    .satisfies(t -> assertThat(((GoldenException) t).hint()).isPresent());
        }
        EnvironmentValues named = load(withHosts("\"bastion\": \"10.0.0.9\""))
                .valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5,10.0.0.6"));
        assertThatThrownBy(() -> DropletHosts.several(named)).hasMessageContaining("/environments/dev-backend/bastion");
    }

    @Test
    void aFingerprintPerHostIsPinnedToItsHostOneIsSharedAMismatchedCountIsRefused() throws IOException {
        String v3 = V3.replace(
                "\"BASTION_HOST\": { \"ci_secret_mapping\": { \"dev-backend\": \"DEV_HOST\" } }",
                "\"BASTION_HOST\": { \"ci_secret_mapping\": { \"dev-backend\": \"DEV_HOST\" } },\n"
                        + "      \"SSH_HOST_FINGERPRINT\": { \"ci_secret_pattern\": \"{PREFIX}_FP\", \"required\": false }");
        Manifest m = load(v3);
        EnvironmentValues two =
                m.valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5,10.0.0.6", "DEV_FP", "SHA256:a, SHA256:b"));
        DropletHosts hosts = DropletHosts.several(two).orElseThrow();
        assertThat(hosts.valuesFor(two, "10.0.0.6").get(Role.SSH_HOST_FINGERPRINT))
                .hasValue("SHA256:b");
        assertThat(hosts.valuesFor(two, "10.0.0.5").get(Role.SSH_HOST)).hasValue("10.0.0.5");
        EnvironmentValues shared =
                m.valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.5,10.0.0.6", "DEV_FP", "SHA256:a"));
        assertThat(hosts.valuesFor(shared, "10.0.0.6").get(Role.SSH_HOST_FINGERPRINT))
                .hasValue("SHA256:a");
        EnvironmentValues wrong = m.valuesFor(
                "dev-backend", Map.of("DEV_HOST", "10.0.0.5,10.0.0.6", "DEV_FP", "SHA256:a,SHA256:b,SHA256:c"));
        assertThatThrownBy(() -> hosts.valuesFor(wrong, "10.0.0.5"))
                .hasMessageContaining("lists 3 fingerprints for 2 hosts")
                .hasMessageNotContaining("SHA256:a");
    }

    @Test
    void v5TakesTheSameHostsList() throws IOException {
        String v5 = Files.readString(V5Manifest.path())
                .replace(
                        "\"deployment_target\": \"development\"\n    },",
                        "\"deployment_target\": \"development\",\n      \"hosts\": [\"10.0.0.5\", \"10.0.0.6\"]\n    },");
        assertThat(v5).contains("\"hosts\"");
        Manifest m = load(v5);
        assertThat(m.environment("dev-backend").hosts()).containsExactly("10.0.0.5", "10.0.0.6");
        ManifestException e = failure(v5.replace("[\"10.0.0.5\", \"10.0.0.6\"]", "[\"10.0.0.5\", 6]"));
        assertThat(e.getMessage()).contains("/environments/dev-backend/hosts/1");
    }
}
