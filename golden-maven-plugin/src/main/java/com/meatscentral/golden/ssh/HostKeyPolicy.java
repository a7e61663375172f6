package com.meatscentral.golden.ssh;

import com.meatscentral.golden.Console;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Decides whether to trust the host key a server presents: pinned fingerprints first, else
 * the known_hosts files ({@link KnownHostsFiles}), and only with {@code insecureHostKey}
 * (never with a pin, see {@link SshSettings}) anything, loudly. A refusal is
 * kept as a {@link HostKeyRejectedException} carrying both fingerprints, because SSHJ itself
 * only reports "could not verify".
 */
final class HostKeyPolicy implements HostKeyVerifier {

    private final SshSettings settings;
    private final Console console;
    private final KnownHostsFiles knownHosts;
    private volatile HostKeyRejectedException rejection;

    HostKeyPolicy(SshSettings settings, Console console) {
        this.settings = settings;
        this.console = console;
        this.knownHosts = settings.hostKeyFingerprints().isEmpty() ? KnownHostsFiles.load(settings.knownHosts()) : null;
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
                            + " `ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type)
                            + "_key.pub`) and set SSH_HOST_FINGERPRINT to it;"
                            + " a pinned fingerprint must be of the key type the server presents (" + type + "),"
                            + " several may be pinned separated by commas. Otherwise this may be an attack: do not connect.",
                    settings.hostKeyFingerprints(),
                    presented);
        } else {
            refused = knownHosts.check(hostname, port, key, presented, type);
            if (refused == null) {
                console.debug("SSH host key of " + where + " (" + type + " " + presented + ") vouched for by "
                        + knownHosts.describe());
                return true;
            }
        }
        if (settings.insecureHostKey() && !refused.revoked()) {
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
        return knownHosts == null ? List.of() : knownHosts.algorithms(hostname, port);
    }

    private static String shortType(String type) {
        return type.replace("ssh-", "").replaceAll("ecdsa-sha2-nistp\\d+", "ecdsa");
    }
}
