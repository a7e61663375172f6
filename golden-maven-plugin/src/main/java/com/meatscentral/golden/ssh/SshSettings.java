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
 *                            {@link Builder#build()}, for production environments
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

    public static Builder builder(String host, String user) {
        return new Builder(host, user);
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

    /** Fluent construction with the defaults: port 22, 15 s connect timeout, keep-alive 5 s x 3. */
    public static final class Builder {
        private final String host;
        private final String user;
        private int port = 22;
        private String password;
        private String privateKey;
        private String passphrase;
        private final List<String> fingerprints = new ArrayList<>();
        private final List<Path> knownHosts = new ArrayList<>();
        private boolean insecureHostKey;
        private String environment;
        private ProductionEnvironments production = ProductionEnvironments.DEFAULT;
        private Duration connectTimeout;
        private Duration keepAliveInterval;
        private int keepAliveMaxCount = 3;

        private Builder(String host, String user) {
            this.host = host;
            this.user = user;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder privateKey(String keyText, String passphrase) {
            this.privateKey = keyText;
            this.passphrase = passphrase;
            return this;
        }
        /** One or more pinned fingerprints ({@code SHA256:...}); several are accepted (one per key type). */
        public Builder fingerprint(String... values) {
            for (String v : values) {
                if (!isBlank(v)) {
                    fingerprints.addAll(splitList(v));
                }
            }
            return this;
        }
        /** Replaces the known_hosts files (default ~/.ssh/known_hosts); null or empty keeps the default. */
        public Builder knownHosts(Path path) {
            return knownHosts(path == null ? null : List.of(path));
        }

        public Builder knownHosts(List<Path> paths) {
            this.knownHosts.clear();
            if (paths != null) {
                knownHosts.addAll(paths);
            }
            return this;
        }

        public Builder insecureHostKey(boolean insecure) {
            this.insecureHostKey = insecure;
            return this;
        }
        /** The manifest environment this connection serves: insecureHostKey is refused for production ones. */
        public Builder environment(String name) {
            this.environment = name;
            return this;
        }
        /** Which environments count as production ({@code golden.ssh.productionEnvironments}, default {@code prod*}). */
        public Builder productionEnvironments(ProductionEnvironments pattern) {
            this.production = pattern == null ? ProductionEnvironments.DEFAULT : pattern;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder keepAlive(Duration interval, int maxCount) {
            this.keepAliveInterval = interval;
            this.keepAliveMaxCount = maxCount;
            return this;
        }

        public SshSettings build() {
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
                    fingerprints,
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
