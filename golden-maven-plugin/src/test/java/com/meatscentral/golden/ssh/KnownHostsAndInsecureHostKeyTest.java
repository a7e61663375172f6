package com.meatscentral.golden.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host-key trust against a real SSH server (MINA SSHD): several known_hosts files, hashed
 * host names, {@code @revoked} winning over any other line, {@code @cert-authority} with host
 * certificates, and the limits of {@code golden.ssh.insecureHostKey}.
 */
class KnownHostsAndInsecureHostKeyTest {

    static final String PASSWORD = "kh-pass-word";

    @TempDir
    static Path dir;

    static EmbeddedSshd sshd;
    final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void start() throws IOException {
        sshd = new EmbeddedSshd(PASSWORD, null);
    }

    @AfterAll
    static void stop() throws IOException {
        sshd.close();
    }

    private String host() {
        return "[127.0.0.1]:" + sshd.port();
    }

    private SshSettings viaKnownHosts(Path... files) {
        return viaKnownHosts(b -> {}, files);
    }

    private SshSettings viaKnownHosts(java.util.function.Consumer<SshSettings.Builder> change, Path... files) {
        return SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.password = PASSWORD;
            b.knownHosts = List.of(files);
            change.accept(b);
        });
    }

    private static Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private void connects(SshSettings settings) {
        try (SshSession ssh = SshSession.connect(settings, console)) {
            assertThat(ssh.exec(RemoteCommand.of("echo", "in")).stdout()).isEqualTo("in\n");
        }
    }

    // --- item 1: insecureHostKey

    @Test
    void insecureHostKeyIsRefusedWhenAKeyIsPinned() {
        String wrong = EmbeddedSshd.fingerprint(EmbeddedSshd.generate("Ed25519").getPublic());
        assertThatThrownBy(() -> sshd.settings(b -> {
                    b.fingerprints.add(wrong);
                    b.environment = "dev-backend";
                    b.insecureHostKey = true;
                }))
                .isInstanceOfSatisfying(GoldenException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("golden.ssh.insecureHostKey=true is refused")
                            .contains("pinned")
                            .contains(wrong);
                    assertThat(e.hint())
                            .get()
                            .asString()
                            .contains("SSH_HOST_FINGERPRINT")
                            .contains("ssh-keygen -lf");
                });
    }

    @Test
    void insecureHostKeyIsRefusedForProductionByTheDefaultPattern() {
        assertThatThrownBy(() -> viaKnownHosts(
                        b -> {
                            b.environment = "prod2-backend";
                            b.insecureHostKey = true;
                        },
                        dir.resolve("none")))
                .isInstanceOfSatisfying(GoldenException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("refused for environment prod2-backend")
                            .contains("golden.ssh.productionEnvironments=prod*");
                    assertThat(e.hint())
                            .get()
                            .asString()
                            .contains("SSH_HOST_FINGERPRINT=SHA256:")
                            .contains("golden.ssh.knownHosts");
                });
        // Without the switch a production environment connects as always (here: refused as unknown, not by the guard).
        assertThat(viaKnownHosts(
                                b -> {
                                    b.environment = "prod2-backend";
                                },
                                dir.resolve("none"))
                        .insecureHostKey())
                .isFalse();
    }

    @Test
    void theProductionPatternIsConfigurable() {
        ProductionEnvironments live = ProductionEnvironments.parse("live-*, uat?");
        assertThatThrownBy(() -> viaKnownHosts(
                        b -> {
                            b.environment = "uat2";
                            b.productionEnvironments = live;
                            b.insecureHostKey = true;
                        },
                        dir.resolve("none")))
                .hasMessageContaining("refused for environment uat2");
        assertThat(live.matches("live-backend")).isTrue();
        assertThat(live.matches("prod2-backend")).isFalse();
        assertThat(live.matches("uat22")).isFalse();
        // prod2-backend is not production under this pattern: the loud warning path, and it connects.
        connects(viaKnownHosts(
                b -> {
                    b.environment = "prod2-backend";
                    b.productionEnvironments = live;
                    b.insecureHostKey = true;
                },
                dir.resolve("none")));
        assertThat(console.text()).contains("!!! SSH HOST KEY NOT VERIFIED");
        assertThatThrownBy(() -> ProductionEnvironments.parse("prod;rm")).hasMessageContaining("not a name pattern");
    }

    // --- item 5: known_hosts

    @Test
    void everyFileOfTheListIsRead() throws IOException {
        Path other = write(
                "kh_other",
                "[10.0.0.9]:22 "
                        + SshSessionTest.openSshLine(
                                EmbeddedSshd.generate("Ed25519").getPublic()));
        Path ours = write("kh_ours", host() + " " + SshSessionTest.openSshLine(sshd.hostKey()));
        connects(viaKnownHosts(dir.resolve("missing"), other, ours));
        assertThatThrownBy(() -> SshSession.connect(viaKnownHosts(other), console))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("unknown")
                .hasMessageContaining(other.toString());
    }

    @Test
    void revokedWinsOverAnotherLineWithTheSameKeyInEitherOrderAndFile() throws IOException {
        String key = SshSessionTest.openSshLine(sshd.hostKey());
        Path revokedFirst = write("kh_rev1", "@revoked * " + key, host() + " " + key);
        Path revokedLast = write("kh_rev2", host() + " " + key, "@revoked " + host() + " " + key);
        Path trusted = write("kh_trusted", host() + " " + key);
        Path revokedElsewhere = write("kh_rev3", "@revoked * " + key);
        for (List<Path> files :
                List.of(List.of(revokedFirst), List.of(revokedLast), List.of(trusted, revokedElsewhere))) {
            assertThatThrownBy(() -> SshSession.connect(viaKnownHosts(files.toArray(Path[]::new)), console))
                    .as("files %s", files)
                    .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                        assertThat(e.revoked()).isTrue();
                        assertThat(e.getMessage()).contains("REVOKED").contains(sshd.fingerprint());
                    });
        }
        // Not even insecureHostKey accepts a revoked key.
        assertThatThrownBy(() -> SshSession.connect(
                        viaKnownHosts(
                                b -> {
                                    b.environment = "dev-backend";
                                    b.insecureHostKey = true;
                                },
                                revokedFirst),
                        console))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("REVOKED");
    }

    @Test
    void aRevokedOtherKeyDoesNotBlockTheCurrentOne() throws IOException {
        String old = SshSessionTest.openSshLine(EmbeddedSshd.generate("Ed25519").getPublic());
        connects(viaKnownHosts(
                write("kh_rotated", "@revoked * " + old, host() + " " + SshSessionTest.openSshLine(sshd.hostKey()))));
    }

    @Test
    void hashedHostNamesAreMatched() throws Exception {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(host().getBytes(StandardCharsets.US_ASCII));
        String hashed = "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(hash);
        connects(viaKnownHosts(write("kh_hashed", hashed + " " + SshSessionTest.openSshLine(sshd.hostKey()))));

        String changed = hashed + " "
                + SshSessionTest.openSshLine(EmbeddedSshd.generate("Ed25519").getPublic());
        assertThatThrownBy(() -> SshSession.connect(viaKnownHosts(write("kh_hashed_changed", changed)), console))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("CHANGED");
    }

    @Test
    void aHostCertificateSignedByACertAuthorityLineIsAccepted() throws Exception {
        KeyPair ca = EmbeddedSshd.generate("Ed25519");
        KeyPair otherCa = EmbeddedSshd.generate("Ed25519");
        try (EmbeddedSshd certified = new EmbeddedSshd(PASSWORD, null)) {
            certified.presentCertificate(certificate(certified, ca, "127.0.0.1"));
            java.util.function.Function<Path, SshSettings> settings =
                    knownHosts -> SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
                        b.port = certified.port();
                        b.password = PASSWORD;
                        b.knownHosts = List.of(knownHosts);
                    });
            Path trustsCa = write("kh_ca", "@cert-authority * " + SshSessionTest.openSshLine(ca.getPublic()));
            try (SshSession ssh = SshSession.connect(settings.apply(trustsCa), console)) {
                assertThat(ssh.isConnected()).isTrue();
            }
            Path trustsOther =
                    write("kh_other_ca", "@cert-authority * " + SshSessionTest.openSshLine(otherCa.getPublic()));
            assertThatThrownBy(() -> SshSession.connect(settings.apply(trustsOther), console))
                    .isInstanceOf(HostKeyRejectedException.class);
            // The CA itself revoked: nothing it signed is accepted.
            Path caRevoked = write(
                    "kh_ca_revoked",
                    "@cert-authority * " + SshSessionTest.openSshLine(ca.getPublic()),
                    "@revoked * " + SshSessionTest.openSshLine(ca.getPublic()));
            assertThatThrownBy(() -> SshSession.connect(settings.apply(caRevoked), console))
                    .isInstanceOfSatisfying(
                            HostKeyRejectedException.class,
                            e -> assertThat(e.revoked()).isTrue());
        }
    }

    @Test
    void aHostCertificateForAnotherHostIsRefused() throws Exception {
        KeyPair ca = EmbeddedSshd.generate("Ed25519");
        try (EmbeddedSshd certified = new EmbeddedSshd(PASSWORD, null)) {
            certified.presentCertificate(certificate(certified, ca, "db.example.com"));
            Path trustsCa = write("kh_ca2", "@cert-authority * " + SshSessionTest.openSshLine(ca.getPublic()));
            SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
                b.port = certified.port();
                b.password = PASSWORD;
                b.knownHosts = List.of(trustsCa);
            });
            assertThatThrownBy(() -> SshSession.connect(settings, console)).isInstanceOf(GoldenException.class);
        }
    }

    private static OpenSshCertificate certificate(EmbeddedSshd server, KeyPair ca, String principal) throws Exception {
        return OpenSshCertificateBuilder.hostCertificate()
                .publicKey(server.hostKey())
                .serial(1)
                .id("golden-test")
                .principals(List.of(principal))
                .validAfter(Instant.now().minus(1, ChronoUnit.HOURS))
                .validBefore(Instant.now().plus(1, ChronoUnit.HOURS))
                .sign(ca, "ssh-ed25519");
    }
}
