package com.meatscentral.golden.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server in the test JVM (Apache MINA SSHD) on a random loopback port:
 * password and public-key login, TCP forwarding on (it is off by default), commands run by
 * /bin/sh -c like OpenSSH does, SFTP rooted at a directory.
 */
public final class EmbeddedSshd implements AutoCloseable {

    public static final String USER = "deployer";

    private final SshServer server;
    private final KeyPair hostKey;
    private final String password;
    private PublicKey authorizedKey;
    private final java.util.concurrent.atomic.AtomicInteger sftpChannels =
            new java.util.concurrent.atomic.AtomicInteger();

    public EmbeddedSshd(String password, Path sftpRoot) throws IOException {
        this(password, sftpRoot, generate("Ed25519"));
    }

    public EmbeddedSshd(String password, Path sftpRoot, KeyPair hostKey) throws IOException {
        this.password = password;
        this.hostKey = hostKey;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pw, session) -> USER.equals(user) && Objects.equals(password, pw));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && key.equals(authorizedKey));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.setCommandFactory(
                (channel, command) -> new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        if (sftpRoot != null) {
            server.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sftp.addSftpEventListener(new org.apache.sshd.sftp.server.SftpEventListener() {
                @Override
                public void initialized(org.apache.sshd.server.session.ServerSession session, int version) {
                    sftpChannels.incrementAndGet();
                }
            });
            server.setSubsystemFactories(List.of(sftp));
        }
        server.start();
    }

    /** How many SFTP channels clients opened (each one an sftp-server process on a real droplet). */
    public int sftpChannelsOpened() {
        return sftpChannels.get();
    }

    public static KeyPair generate(String algorithm) {
        try {
            // MINA's own generator: its Ed25519 support wants its provider's key classes.
            return algorithm.equals("RSA")
                    ? KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048)
                    : algorithm.equals("EC")
                            ? KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256)
                            : KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents {@code certificate} (of this server's host key) besides the plain key, as sshd's HostCertificate does. */
    public void presentCertificate(org.apache.sshd.common.config.keys.OpenSshCertificate certificate) {
        server.setHostKeyCertificateProvider(session -> List.of(certificate));
    }

    public void authorize(PublicKey key) {
        this.authorizedKey = key;
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** Computed by MINA, independently of the code under test. */
    public String fingerprint() {
        return fingerprint(hostKey.getPublic());
    }

    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }

    /** Settings that log in by password and pin this server's key. */
    public SshSettings settings() {
        return settings(b -> {});
    }

    /** {@link #settings()} with {@code change} applied (a fingerprint added to the pinned one, another password...). */
    public SshSettings settings(java.util.function.Consumer<SshSettings.Builder> change) {
        return SshSettings.of("127.0.0.1", USER, b -> {
            b.port = port();
            b.password = password;
            b.fingerprints.add(fingerprint());
            change.accept(b);
        });
    }

    /** Drops the listener and every session at once, as a dying bastion would. */
    public void kill() throws IOException {
        server.stop(true);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
