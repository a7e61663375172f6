package com.meatscentral.golden.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshSessionTest {

    static final String PASSWORD = "p@ss:w/rd%#? x";

    @TempDir
    static Path dir;

    static EmbeddedSshd sshd;
    final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(dir.resolve("sftp"));
        sshd = new EmbeddedSshd(PASSWORD, dir.resolve("sftp"));
    }

    @AfterAll
    static void stop() throws IOException {
        sshd.close();
    }

    @Test
    void pinnedFingerprintIsAcceptedAmongSeveral() {
        SshSettings settings = sshd.settings(b -> {
            b.fingerprints.add("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA," + sshd.fingerprint());
        });
        try (SshSession ssh = SshSession.connect(settings, console)) {
            assertThat(ssh.isConnected()).isTrue();
            assertThat(ssh.exec(RemoteCommand.of("echo", "hello")).stdout()).isEqualTo("hello\n");
        }
    }

    @Test
    void mismatchedPinIsRefusedWithBothFingerprints() {
        String wrong = EmbeddedSshd.fingerprint(EmbeddedSshd.generate("Ed25519").getPublic());
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.password = PASSWORD;
            b.fingerprints.add(wrong);
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                    assertThat(e.expected()).containsExactly(wrong);
                    assertThat(e.presented()).isEqualTo(sshd.fingerprint());
                    assertThat(e.getMessage())
                            .contains("expected: " + wrong)
                            .contains("presented: " + sshd.fingerprint())
                            .contains("ssh-ed25519")
                            .doesNotContain(PASSWORD);
                    assertThat(e.hint()).get().asString().contains("SSH_HOST_FINGERPRINT");
                });
    }

    @Test
    void insecureHostKeyAcceptsWithALoudWarning() {
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.password = PASSWORD;
            b.knownHosts = List.of(dir.resolve("no_such_known_hosts"));
            b.environment = "dev-backend";
            b.insecureHostKey = true;
        });
        try (SshSession ssh = SshSession.connect(settings, console)) {
            assertThat(ssh.isConnected()).isTrue();
        }
        assertThat(console.text())
                .contains("WARN !!! SSH HOST KEY NOT VERIFIED")
                .contains(sshd.fingerprint());
    }

    @Test
    void knownHostsEntryIsAccepted() throws IOException {
        Path knownHosts = dir.resolve("known_hosts_ok");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.port() + " " + openSshLine(sshd.hostKey()) + "\n");
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.password = PASSWORD;
            b.knownHosts = List.of(knownHosts);
        });
        try (SshSession ssh = SshSession.connect(settings, console)) {
            assertThat(ssh.isConnected()).isTrue();
        }
    }

    @Test
    void changedKeyInKnownHostsIsRefusedWithBothFingerprints() throws IOException {
        KeyPair old = EmbeddedSshd.generate("Ed25519");
        Path knownHosts = dir.resolve("known_hosts_changed");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.port() + " " + openSshLine(old.getPublic()) + "\n");
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.password = PASSWORD;
            b.knownHosts = List.of(knownHosts);
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("CHANGED")
                            .contains(EmbeddedSshd.fingerprint(old.getPublic()))
                            .contains(sshd.fingerprint());
                    assertThat(e.hint()).get().asString().contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "'");
                });
    }

    @Test
    void unknownHostIsRefusedWithThePresentedFingerprint() {
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.password = PASSWORD;
            b.knownHosts = List.of(dir.resolve("no_such_known_hosts"));
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                    assertThat(e.getMessage()).contains("unknown").contains("presented: " + sshd.fingerprint());
                    assertThat(e.hint()).get().asString().contains("SSH_HOST_FINGERPRINT=" + sshd.fingerprint());
                });
    }

    @Test
    void wrongPasswordIsAnAuthFailureWithoutTheSecret() {
        SshSettings settings = sshd.settings(b -> {
            b.password = "wrong-secret-value";
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOf(SshAuthException.class)
                .hasMessageContaining("rejected the password")
                .hasMessageNotContaining("wrong-secret-value");
    }

    @Test
    void connectionRefusedIsAConnectFailureNamingHostAndPort() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        SshSettings settings = SshSettings.of("127.0.0.1", "u", b -> {
            b.port = freePort;
            b.password = "x-password";
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOf(SshConnectException.class)
                .hasMessageContaining("127.0.0.1:" + freePort);
    }

    @Test
    void openSshKeyWithPassphraseLogsIn() throws Exception {
        KeyPair user = EmbeddedSshd.generate("Ed25519");
        sshd.authorize(user.getPublic());
        OpenSSHKeyEncryptionContext enc = new OpenSSHKeyEncryptionContext();
        enc.setPassword("key passphrase");
        enc.setCipherName("AES");
        enc.setCipherType("256");
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "ci", enc, pem);
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.privateKey = pem.toString(StandardCharsets.US_ASCII);
            b.passphrase = "key passphrase";
            b.fingerprints.add(sshd.fingerprint());
        });
        try (SshSession ssh = SshSession.connect(settings, console)) {
            assertThat(ssh.exec(RemoteCommand.of("true")).exitStatus()).isZero();
        }
    }

    @Test
    void pkcs8RsaKeyLogsIn() throws Exception {
        KeyPair user = EmbeddedSshd.generate("RSA");
        sshd.authorize(user.getPublic());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(user.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.privateKey = pem;
            b.fingerprints.add(sshd.fingerprint());
        });
        try (SshSession ssh = SshSession.connect(settings, console)) {
            assertThat(ssh.isConnected()).isTrue();
        }
    }

    @Test
    void unauthorizedKeyIsAnAuthFailure() throws Exception {
        sshd.authorize(EmbeddedSshd.generate("Ed25519").getPublic());
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(EmbeddedSshd.generate("Ed25519"), "other", null, pem);
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.privateKey = pem.toString(StandardCharsets.US_ASCII);
            b.fingerprints.add(sshd.fingerprint());
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOf(SshAuthException.class)
                .hasMessageContaining("rejected the private key");
    }

    @Test
    void garbageKeyTextIsReportedAsUnreadableNotEchoed() {
        SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
            b.port = sshd.port();
            b.privateKey = "not-a-key-secret-text";
            b.fingerprints.add(sshd.fingerprint());
        });
        assertThatThrownBy(() -> SshSession.connect(settings, console))
                .isInstanceOf(SshAuthException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageNotContaining("not-a-key-secret-text");
    }

    @Test
    void execQuotesArgvAndFeedsStdin() {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            String tricky = "it's $HOME `x` \"q\" ; rm -rf / & | * \\ \n end";
            ExecResult echo = ssh.exec(RemoteCommand.of("printf", "%s", tricky));
            assertThat(echo.stdout()).isEqualTo(tricky + "\n");
            ExecResult cat = ssh.exec(
                    RemoteCommand.of("sh", "-c", "cat; echo err >&2; exit 7").withStdin("secret-from-stdin"));
            assertThat(cat.exitStatus()).isEqualTo(7);
            assertThat(cat.stdout()).isEqualTo("secret-from-stdin\n");
            assertThat(cat.stderr()).isEqualTo("err\n");
            assertThat(cat.lastLines(1)).isEqualTo("err");
        }
    }

    @Test
    void largeOutputOnBothStreamsDoesNotHangAndIsStreamedLineByLine() {
        // Not a CopyOnWriteArrayList: 200,000 adds to it copy the array each time (quadratic),
        // which on a loaded machine outlasted the session's 30 s wait for the output to drain.
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            // 8 MB on stdout and 2 MB on stderr: far beyond any channel window.
            ExecResult r = ssh.exec(RemoteCommand.of(
                            "sh", "-c", "seq 1 200000 | sed 's/$/ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/' ; seq 1 200000 >&2")
                    .onLines(seen::add, null));
            assertThat(r.exitStatus()).isZero();
            assertThat(seen).hasSize(200000);
            assertThat(seen.get(199999)).isEqualTo("200000 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
            assertThat(r.stderr().lines().count()).isEqualTo(200000);
        }
    }

    @Test
    void execTimesOut() {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            assertThatThrownBy(() ->
                            ssh.exec(RemoteCommand.of("sleep", "30").withTimeout(java.time.Duration.ofMillis(300))))
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("did not finish within");
        }
    }

    @Test
    void uploadWritesAtomicallyWithTheMode() throws IOException {
        Path target = dir.resolve("sftp/app.env");
        Files.writeString(target, "OLD=1\n");
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            ssh.upload("SECRET_KEY=abc\n".getBytes(StandardCharsets.UTF_8), "/app.env", 0600);
        }
        assertThat(Files.readString(target)).isEqualTo("SECRET_KEY=abc\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir.resolve("sftp"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("app.env");
        }
    }

    @Test
    void uploadsOfOneConnectionShareOneSftpChannel() throws IOException {
        // A deploy writes its journal before and after every step: a channel per write cost an
        // sftp-server process and a handshake each time (30-70 ms on the testbed).
        int before = sshd.sftpChannelsOpened();
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            for (int i = 0; i < 5; i++) {
                ssh.upload(("N=" + i + "\n").getBytes(StandardCharsets.UTF_8), "/journal.json", 0600);
            }
        }
        assertThat(Files.readString(dir.resolve("sftp/journal.json"))).isEqualTo("N=4\n");
        assertThat(sshd.sftpChannelsOpened() - before).isEqualTo(1);
    }

    @Test
    void aFailedUploadDoesNotBreakTheNextOne() throws IOException {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            assertThatThrownBy(() -> ssh.upload(new byte[] {1}, "/no/such/dir/x", 0600))
                    .hasMessageContaining("Cannot upload /no/such/dir/x");
            ssh.upload("ok\n".getBytes(StandardCharsets.UTF_8), "/after.txt", 0644);
        }
        assertThat(Files.readString(dir.resolve("sftp/after.txt"))).isEqualTo("ok\n");
    }

    @Test
    void closeBeforeUseAndTwiceIsHarmless() {
        SshSession ssh = SshSession.connect(sshd.settings(), console);
        ssh.close();
        ssh.close();
        assertThat(ssh.isConnected()).isFalse();
    }

    @Test
    void settingsShowNoSecretAndRefuseNonSha256Pins() {
        SshSettings s = sshd.settings(b -> {
            b.privateKey = "-----BEGIN KEY-----secretkeytext";
            b.passphrase = "passphrase-secret";
        });
        assertThat(s.toString())
                .doesNotContain(PASSWORD)
                .doesNotContain("secretkeytext")
                .doesNotContain("passphrase-secret")
                .contains("deployer@127.0.0.1");
        assertThatThrownBy(() -> sshd.settings(b -> {
                    b.fingerprints.add("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48");
                }))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("not a SHA256 fingerprint");
        assertThat(sshd.settings(b -> {
                            b.fingerprints.add(sshd.fingerprint() + "=");
                        })
                        .hostKeyFingerprints())
                .contains(sshd.fingerprint());
        assertThatThrownBy(() -> SshSettings.of("h", "u", b -> {}))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("No SSH credential");
    }

    static String openSshLine(java.security.PublicKey key) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(key, "", out);
            return out.toString(StandardCharsets.US_ASCII).trim();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
