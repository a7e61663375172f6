package com.meatscentral.golden.ssh;

import com.meatscentral.golden.Console;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Decides whether to trust the host key a server presents: pinned fingerprints first, else
 * the known_hosts file, and only with {@code insecureHostKey} anything (loudly). A refusal is
 * kept as a {@link HostKeyRejectedException} carrying both fingerprints, because SSHJ itself
 * only reports "could not verify".
 */
final class HostKeyPolicy implements HostKeyVerifier {

    private final SshSettings settings;
    private final Console console;
    private final KnownHosts knownHosts;
    private volatile HostKeyRejectedException rejection;

    HostKeyPolicy(SshSettings settings, Console console) {
        this.settings = settings;
        this.console = console;
        this.knownHosts = settings.hostKeyFingerprints().isEmpty() ? KnownHosts.load(settings.knownHosts()) : null;
    }

    /** Why the last key was refused, if it was. */
    HostKeyRejectedException rejection() {
        return rejection;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String presented = Fingerprints.sha256(key);
        String type = Fingerprints.type(key);
        String where = hostname + ":" + port;
        HostKeyRejectedException refused;
        if (!settings.hostKeyFingerprints().isEmpty()) {
            if (settings.hostKeyFingerprints().contains(presented)) {
                console.debug("SSH host key of " + where + " matches the pinned " + type + " fingerprint " + presented);
                return true;
            }
            refused = new HostKeyRejectedException(
                    "SSH host key of " + where + " does not match the pinned fingerprint."
                            + " expected: " + String.join(", ", settings.hostKeyFingerprints())
                            + "; presented: " + presented + " (" + type + ")",
                    "if the droplet was rebuilt or its key rotated, check the new key out of band (droplet console:"
                            + " `ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type) + "_key.pub`) and set SSH_HOST_FINGERPRINT to it;"
                            + " a pinned fingerprint must be of the key type the server presents (" + type + "),"
                            + " several may be pinned separated by commas. Otherwise this may be an attack: do not connect.",
                    settings.hostKeyFingerprints(), presented);
        } else {
            refused = knownHosts.check(hostname, port, key, presented, type);
            if (refused == null) {
                console.debug("SSH host key of " + where + " (" + type + " " + presented + ") found in " + settings.knownHosts());
                return true;
            }
        }
        if (settings.insecureHostKey()) {
            console.warn("!!! SSH HOST KEY NOT VERIFIED for " + where + " (golden.ssh.insecureHostKey=true): accepting "
                    + type + " " + presented + ". Anyone on the path could read the database password. "
                    + "Pin it with SSH_HOST_FINGERPRINT=" + presented + " once checked out of band.");
            return true;
        }
        rejection = refused;
        return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        // With known_hosts, prefer the key type recorded there (what OpenSSH does).
        return knownHosts == null ? List.of() : knownHosts.delegate.findExistingAlgorithms(hostname, port);
    }

    private static String shortType(String type) {
        return type.replace("ssh-", "").replaceAll("ecdsa-sha2-nistp\\d+", "ecdsa");
    }

    /** known_hosts checking that remembers whether the host was unknown or its key changed. */
    private static final class KnownHosts {
        final OpenSSHKnownHosts delegate;
        final String path;
        private String changedHost;
        private boolean unknown;

        private KnownHosts(OpenSSHKnownHosts delegate, String path) {
            this.delegate = delegate;
            this.path = path;
        }

        static KnownHosts load(java.nio.file.Path file) {
            try {
                Reader reader = Files.isRegularFile(file) ? Files.newBufferedReader(file) : new StringReader("");
                try (reader) {
                    final KnownHosts[] self = new KnownHosts[1];
                    OpenSSHKnownHosts parsed = new OpenSSHKnownHosts(reader) {
                        @Override
                        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
                            self[0].unknown = true;
                            return false;
                        }

                        @Override
                        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
                            self[0].changedHost = hostname;
                            return false;
                        }
                    };
                    self[0] = new KnownHosts(parsed, file.toString());
                    return self[0];
                }
            } catch (IOException e) {
                throw new com.meatscentral.golden.GoldenException("Cannot read known_hosts file " + file + ": " + e.getMessage(),
                        "fix the file's permissions or format, or pin the bastion's key with SSH_HOST_FINGERPRINT");
            }
        }

        synchronized HostKeyRejectedException check(String hostname, int port, PublicKey key, String presented, String type) {
            unknown = false;
            changedHost = null;
            if (delegate.verify(hostname, port, key)) {
                return null;
            }
            String where = hostname + ":" + port;
            String entryName = port == 22 ? hostname : "[" + hostname + "]:" + port;
            if (changedHost != null) {
                List<String> expected = expectedFingerprints(changedHost, KeyType.fromKey(key));
                return new HostKeyRejectedException(
                        "SSH host key of " + where + " CHANGED. expected (" + path + "): " + String.join(", ", expected)
                                + "; presented: " + presented + " (" + type + ")",
                        "if the droplet was rebuilt, check the new key out of band, then remove the old entry"
                                + " (`ssh-keygen -R '" + entryName + "' -f " + path + "`) and add the new one, or pin it with"
                                + " SSH_HOST_FINGERPRINT. Otherwise this may be an attack: do not connect.",
                        expected, presented);
            }
            return new HostKeyRejectedException(
                    "SSH host key of " + where + " is unknown: not pinned and not in " + path
                            + ". expected: (none); presented: " + presented + " (" + type + ")",
                    "check the fingerprint out of band (droplet console: `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`), then set"
                            + " SSH_HOST_FINGERPRINT=" + presented + " or add the key with `ssh-keyscan -p " + port + " " + hostname
                            + " >> " + path + "`; -Dgolden.ssh.insecureHostKey=true skips the check (not for production)",
                    List.of(), presented);
        }

        private List<String> expectedFingerprints(String host, KeyType type) {
            List<String> out = new ArrayList<>();
            for (OpenSSHKnownHosts.KnownHostEntry entry : delegate.entries()) {
                try {
                    if (entry.appliesTo(type, host)) {
                        String fp = fingerprintOfLine(entry.getLine());
                        if (fp != null) {
                            out.add(fp);
                        }
                    }
                } catch (IOException ignored) {
                    // An entry we cannot match is not one we expected.
                }
            }
            return out.isEmpty() ? List.of("(an entry for " + host + ")") : out;
        }

        /** "[marker] hosts type base64 [comment]" -> SHA256 fingerprint of the base64 blob. */
        private static String fingerprintOfLine(String line) {
            if (line == null) {
                return null;
            }
            String[] parts = line.trim().split("\\s+");
            int i = parts.length > 0 && parts[0].startsWith("@") ? 1 : 0;
            if (parts.length < i + 3) {
                return null;
            }
            try {
                return Fingerprints.sha256(Base64.getDecoder().decode(parts[i + 2]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

}
