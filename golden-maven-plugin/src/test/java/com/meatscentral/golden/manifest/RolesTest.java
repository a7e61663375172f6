package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles resolve through aliases or bindings; reserved names and bad bindings are one clear message each. */
class RolesTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, text);
        return file;
    }

    private static String v5() throws IOException {
        return Files.readString(V5Manifest.path());
    }

    @Test
    void theSeedsNamesPlayTheRolesOfAV33Manifest() {
        EnvironmentValues dev = ReferenceManifest.load().valuesFor("dev-backend", Map.of("DEV_HOST", "10.0.0.1"));
        assertThat(dev.variableFor(Role.SSH_HOST)).contains("BASTION_HOST");
        assertThat(dev.secretName(Role.SSH_HOST)).contains("DEV_HOST");
        assertThat(dev.get(Role.SSH_HOST)).contains("10.0.0.1");
        assertThat(dev.variableFor(Role.DJANGO_SECRET_KEY)).contains("SECRET_KEY");
        assertThat(dev.secretName(Role.SSH_PASSWORD)).contains("DEV_SSH_PASSWORD");
        assertThat(dev.variableFor(Role.DB_APP_USER)).contains("DB_APP_USER");
        assertThat(ReferenceManifest.load().valuesFor("uat2", Map.of()).secretName(Role.BACKEND_ADDRESS))
                .contains("BACKEND_IP");
    }

    @Test
    void theManifestBindsARoleToItsOwnName() throws IOException {
        Manifest m = ManifestLoader.load(write(v5().replace("\"SSH_HOST\": {", "\"DROPLET_ADDRESS\": {")
                .replace(
                        "\"required_backend_secrets\": [\"SSH_HOST\"",
                        "\"required_backend_secrets\": [\"DROPLET_ADDRESS\"")
                .replace(
                        "\"required_frontend_secrets\": [\"SSH_HOST\"",
                        "\"required_frontend_secrets\": [\"DROPLET_ADDRESS\"")
                .replace(
                        "\"validation\": {",
                        "\"roles\": { \"ssh_host\": \"DROPLET_ADDRESS\" },\n  \"validation\": {")));
        EnvironmentValues values = m.valuesFor("dev-frontend", Map.of("DROPLET_ADDRESS", "10.0.0.9"));
        assertThat(values.variableFor(Role.SSH_HOST)).contains("DROPLET_ADDRESS");
        assertThat(values.require(Role.SSH_HOST)).isEqualTo("10.0.0.9");
    }

    @Test
    void aBindingThatNamesAMissingVariableIsRefusedWithItsPointer() throws IOException {
        Path file = write(
                v5().replace("\"validation\": {", "\"roles\": { \"ssh_host\": \"SSH_HOTS\" },\n  \"validation\": {"));
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(file));
        assertThat(e.getMessage())
                .contains("at /roles/ssh_host: role ssh_host is bound to SSH_HOTS, which the manifest"
                        + " does not declare (did you mean SSH_HOST?)");
        assertThat(e.line()).isPositive();
    }

    @Test
    void anUnknownRoleKeyGetsDidYouMean() throws IOException {
        Path file = write(
                v5().replace("\"validation\": {", "\"roles\": { \"ssh_hots\": \"SSH_HOST\" },\n  \"validation\": {"));
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(file));
        assertThat(e.getMessage())
                .contains("at /roles")
                .contains("\"ssh_hots\" is not allowed here (did you mean \"ssh_host\"?)");
    }

    @Test
    void pomBindingsAreCheckedAllAtOnce() {
        Manifest m = V5Manifest.load();
        assertThatThrownBy(() -> m.withRoles(Map.of("ssh_hots", "SSH_HOST", "db_user", "DB_USR"), "golden.roles"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("'ssh_hots' is not a role (did you mean 'ssh_host'?)")
                .hasMessageContaining(
                        "db_user -> 'DB_USR': the manifest declares no variable DB_USR (did you mean DB_USER?)");
        assertThat(m.withRoles(
                                RoleBindings.parseAssignments(java.util.List.of("db_app_user=DB_USER"), "golden.roles"),
                                "golden.roles")
                        .valuesFor("dev-backend", Map.of())
                        .variableFor(Role.DB_APP_USER))
                .contains("DB_USER");
        assertThatThrownBy(() -> RoleBindings.parseAssignments(java.util.List.of("ssh_host"), "golden.roles"))
                .hasMessageContaining("'ssh_host' is not role=VARIABLE");
    }

    @Test
    void namesTheDropletShellOrDockerCliReadAreRefusedWithNameAndPointer() throws IOException {
        Path file = write(
                ReferenceManifest.load().source().toFile().exists()
                        ? Files.readString(ReferenceManifest.path())
                                .replace(
                                        "\"DB_HOST\": {",
                                        "\"PATH\": { \"ci_secret_pattern\": \"{PREFIX}_PATH\" },\n"
                                                + "      \"LD_PRELOAD\": { \"ci_secret_pattern\": \"{PREFIX}_LD_PRELOAD\" },\n"
                                                + "      \"DOCKER_HOST\": { \"ci_secret_pattern\": \"{PREFIX}_DOCKER_HOST\" },\n"
                                                + "      \"IFS\": { \"ci_secret_pattern\": \"{PREFIX}_IFS\" },\n      \"DB_HOST\": {")
                        : "");
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(file));
        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage())
                .contains(
                        "at /variables/application/PATH: variable name PATH is reserved: the droplet's shell reads PATH")
                .contains(
                        "at /variables/application/LD_PRELOAD: variable name LD_PRELOAD is reserved: the dynamic loader")
                .contains(
                        "at /variables/application/DOCKER_HOST: variable name DOCKER_HOST is reserved: the docker CLI")
                .contains("at /variables/application/IFS");
        assertThat(ReservedNames.why("BASH_ENV")).isPresent();
        assertThat(ReservedNames.why("https_proxy")).isPresent();
        assertThat(ReservedNames.why("DJANGO_SECRET_KEY")).isEmpty();
        assertThat(ReservedNames.why("SSH_HOST")).isEmpty();
    }
}
