package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ReferenceManifest;
import com.meatscentral.golden.ssh.EmbeddedSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The droplet operations over a real SSH server (MINA SSHD in the test JVM, commands run by /bin/sh -c). */
class SshDropletConnectorTest {

    private static final String PASSWORD = "ssh-pw-'\"$(x)";
    static EmbeddedSshd sshd;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        sshd = new EmbeddedSshd(PASSWORD, Path.of("/"));
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
    }

    private EnvironmentValues values(String fingerprint) {
        return ReferenceManifest.load()
                .valuesFor(
                        "dev-backend",
                        Map.of(
                                "DEV_HOST",
                                "127.0.0.1",
                                "DEV_USER",
                                EmbeddedSshd.USER,
                                "DEV_SSH_PASSWORD",
                                PASSWORD,
                                "DEV_SSH_HOST_FINGERPRINT",
                                fingerprint));
    }

    @Test
    void filesLocksAndHistoryWorkOverOneSshConnection() throws Exception {
        String envDir = dir.resolve("opt/pm/dev-backend").toString();
        try (DropletConnector.Connection c = new SshDropletConnector(sshd.port(), null)
                .connect(values(sshd.fingerprint()), new RecordingConsole())) {
            Droplet droplet = c.droplet();
            droplet.mkdirs(envDir);
            droplet.writeFile(envDir + "/runtime.env", "export A='b'\n".getBytes(StandardCharsets.UTF_8), 0600);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(envDir, "runtime.env"))))
                    .isEqualTo("rw-------");
            assertThat(droplet.readFile(envDir + "/runtime.env")).contains("export A='b'\n");
            assertThat(droplet.readFile(envDir + "/absent")).isEmpty();

            assertThat(droplet.mkdirExclusive(envDir + "/.deploy.lock")).isTrue();
            assertThat(droplet.mkdirExclusive(envDir + "/.deploy.lock")).isFalse();
            droplet.removeTree(envDir + "/.deploy.lock");
            assertThat(Path.of(envDir, ".deploy.lock")).doesNotExist();

            DeployHistory history = new DeployHistory(droplet, envDir);
            history.append(new DeployHistory.Entry("v1", "i:v1", "sha256:1", "t", "success", "me", "backend"));
            history.append(new DeployHistory.Entry("v2", "i:v2", "sha256:2", "t", "success", "me", "backend"));
            assertThat(history.previousSuccess())
                    .get()
                    .extracting(DeployHistory.Entry::sha)
                    .isEqualTo("v1");
            assertThat(c.describe()).isEqualTo(EmbeddedSshd.USER + "@127.0.0.1");
        }
    }

    @Test
    void theKnownHostsRoleCountsAlsoWhenAGoalNamesNoOrOtherKnownHostsFiles() throws Exception {
        String line =
                "droplet.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        // The reference manifest declares no known_hosts variable: the role is bound to one it declares.
        EnvironmentValues values = ReferenceManifest.load()
                .withRoles(Map.of("ssh_known_hosts", "DO_ACCESS_TOKEN"), "test")
                .valuesFor(
                        "dev-backend",
                        Map.of(
                                "DEV_HOST", "127.0.0.1",
                                "DEV_USER", EmbeddedSshd.USER,
                                "DEV_SSH_PASSWORD", PASSWORD,
                                "DO_ACCESS_TOKEN", line,
                                "DEV_DO_ACCESS_TOKEN", line));
        Path configured = Files.writeString(dir.resolve("configured_known_hosts"), "");

        // A goal run without -Dgolden.ssh.knownHosts hands the connector an empty list.
        java.util.List<Path> none = new SshDropletConnector(22, null, b -> b.knownHosts = java.util.List.of())
                .settings(values)
                .knownHosts();
        java.util.List<Path> both = new SshDropletConnector(22, null, b -> b.knownHosts = java.util.List.of(configured))
                .settings(values)
                .knownHosts();

        assertThat(none)
                .singleElement()
                .satisfies(f -> assertThat(Files.readString(f)).contains(line));
        assertThat(both).hasSize(2).contains(configured);
    }

    @Test
    void aWrongPinnedHostKeyIsRefusedWithAClearMessage() {
        String other = EmbeddedSshd.fingerprint(EmbeddedSshd.generate("Ed25519").getPublic());

        assertThatThrownBy(
                        () -> new SshDropletConnector(sshd.port(), null).connect(values(other), new RecordingConsole()))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("127.0.0.1");
    }
}
