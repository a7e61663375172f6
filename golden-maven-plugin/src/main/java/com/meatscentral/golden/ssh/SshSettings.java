package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach and log in to one SSH server (the bastion). Plain values: the key is its
 * text (PEM or OpenSSH), never a file path, so a CI secret is used without touching disk.
 * {@link #toString()} shows no secret.
 *
 * @param hostKeyFingerprints pinned {@code SHA256:...} fingerprints; empty = use {@code knownHosts}
 * @param knownHosts          known_hosts files read together (OpenSSH's format: hashed hosts,
 *                            {@code @cert-authority}, {@code @revoked}); missing files count as empty
 * @param insecureHostKey     accept any key (loudly); refused when a fingerprint is pinned and, by
 *                            the builder, for production environments
 * @param keepAliveInterval   0 disables keep-alive; a dead peer is noticed after interval * maxCount
 */
public record SshSettings(
        String host,
        int port,
        String user,
        String password,
        String privateKey,
        String passphrase,
        List<String> hostKeyFingerprints,
        List<Path> knownHosts,
        boolean insecureHostKey,
        Duration connectTimeout,
        Duration keepAliveInterval,
        int keepAliveMaxCount) {

    public SshSettings {
        if (host == null || host.isBlank()) {
            throw new GoldenException("SSH host is empty", "set the bastion host (BASTION_HOST)");
        }
        if (port < 1 || port > 65535) {
            throw new GoldenException(
                    "SSH port " + port + " is out of range", "use a port between 1 and 65535 (usually 22)");
        }
        if (user == null || user.isBlank()) {
            throw new GoldenException("SSH user for " + host + " is empty", "set the bastion user (BASTION_USER)");
        }
        if (isBlank(password) && isBlank(privateKey)) {
            throw new GoldenException(
                    "No SSH credential for " + user + "@" + host,
                    "set SSH_PASSWORD or SSH_PRIVATE_KEY (the key's text, PEM or OpenSSH format)");
        }
        hostKeyFingerprints = List.copyOf(Objects.requireNonNullElse(hostKeyFingerprints, List.<String>of()).stream()
                .map(Fingerprints::normalize)
                .toList());
        knownHosts =
                knownHosts == null || knownHosts.isEmpty() ? List.of(defaultKnownHosts()) : List.copyOf(knownHosts);
        if (insecureHostKey && !hostKeyFingerprints.isEmpty()) {
            // A pin is a decision someone checked out of band; a mismatch is a rebuilt droplet or an
            // attack, and neither is fixed by looking away.
            throw new GoldenException(
                    "golden.ssh.insecureHostKey=true is refused for " + host
                            + ": its host key is pinned (SSH_HOST_FINGERPRINT " + String.join(", ", hostKeyFingerprints)
                            + "), and a pin is never overridden",
                    "drop -Dgolden.ssh.insecureHostKey; if the droplet was rebuilt or its key rotated, check the new key"
                            + " out of band (droplet console: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`) and set"
                            + " SSH_HOST_FINGERPRINT to it");
        }
        connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(15);
        keepAliveInterval = keepAliveInterval != null ? keepAliveInterval : Duration.ofSeconds(5);
        if (keepAliveMaxCount < 1) {
            keepAliveMaxCount = 3;
        }
    }

    /** Settings for {@code user@host}, the others set by name in {@code settings} (see {@link Builder}). */
    public static SshSettings of(String host, String user, java.util.function.Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(host, user), settings, Builder::build);
    }

    /** Where a dead bastion is noticed at the latest. */
    public Duration deadPeerWindow() {
        return keepAliveInterval.multipliedBy(keepAliveMaxCount);
    }

    static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port
                + (isBlank(privateKey) ? " (password)" : " (private key)")
                + (insecureHostKey
                        ? " host key NOT verified"
                        : hostKeyFingerprints.isEmpty()
                                ? " host key from " + knownHosts
                                : " host key pinned " + hostKeyFingerprints);
    }

    /**
     * An {@link SshSettings} being made: one public field per setting, holding its default until
     * set (port 22, 15 s connect timeout, keep-alive 5 s x 3). {@code fingerprints}: pinned
     * {@code SHA256:...} fingerprints, an entry may hold several separated by commas, spaces or
     * newlines (one CI secret, one per key type); {@code knownHosts}: replaces ~/.ssh/known_hosts,
     * null or empty keeps it; {@code environment}: the manifest environment the connection serves,
     * insecureHostKey is refused for the production ones ({@code productionEnvironments},
     * {@code golden.ssh.productionEnvironments}, default {@code prod*}).
     */
    public static final class Builder {
        private final String host;
        private final String user;
        public int port = 22;
        public String password;
        public String privateKey;
        public String passphrase;
        public final List<String> fingerprints = new ArrayList<>();
        public List<Path> knownHosts;
        public boolean insecureHostKey;
        public String environment;
        public ProductionEnvironments productionEnvironments = ProductionEnvironments.DEFAULT;
        public Duration connectTimeout;
        public Duration keepAliveInterval;
        public int keepAliveMaxCount = 3;

        private Builder(String host, String user) {
            this.host = host;
            this.user = user;
        }

        SshSettings build() {
            ProductionEnvironments production =
                    productionEnvironments == null ? ProductionEnvironments.DEFAULT : productionEnvironments;
            if (insecureHostKey && environment != null && production.matches(environment)) {
                throw new GoldenException(
                        "golden.ssh.insecureHostKey=true is refused for environment " + environment
                                + ": it is a production environment (golden.ssh.productionEnvironments=" + production
                                + "), and an unverified host key lets anyone on the path read the database password and every"
                                + " secret sent to the droplet",
                        "pin the key instead: check it out of band (droplet console: `ssh-keygen -lf"
                                + " /etc/ssh/ssh_host_ed25519_key.pub`) and set SSH_HOST_FINGERPRINT=SHA256:..., or add it to a"
                                + " known_hosts file (-Dgolden.ssh.knownHosts); then drop -Dgolden.ssh.insecureHostKey");
            }
            return new SshSettings(
                    host,
                    port,
                    user,
                    password,
                    privateKey,
                    passphrase,
                    fingerprints.stream()
                            .filter(v -> !isBlank(v))
                            .flatMap(v -> splitList(v).stream())
                            .toList(),
                    knownHosts,
                    insecureHostKey,
                    connectTimeout,
                    keepAliveInterval,
                    keepAliveMaxCount);
        }

        /** A secret may hold several fingerprints separated by commas, spaces or newlines. */
        private static List<String> splitList(String v) {
            return List.of(v.trim().split("[,\\s]+"));
        }
    }
}
