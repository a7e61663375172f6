package com.meatscentral.golden.mojo;

import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Parameters of the goals that act on one environment's droplet over SSH: golden:migrate
 * (which tunnels through it) and golden:deploy, rollback, status and unlock. Declared once, so
 * that each setting has one name and one property in every goal, and one plugin-level
 * {@code <configuration>} sets it for all of them. These goals need the network.
 */
abstract class AbstractEnvironmentMojo extends AbstractGoldenMojo {

    /** The manifest environment, e.g. dev-backend. */
    @Parameter(property = "env")
    protected String env;

    /** The environment manifest. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    protected File manifest;

    /** The commit whose image to deploy or migrate with (tag {env}-{sha}); default GITHUB_SHA, else git rev-parse HEAD. */
    @Parameter(property = "golden.sha")
    protected String sha;

    /** Registries the images were pushed to (as golden:build and golden:push); the first one is pulled from. */
    @Parameter(property = "golden.registries", defaultValue = "registry.digitalocean.com/meatscentral")
    protected List<String> registries;

    /** Image name (repository without registry) of backend environments. */
    @Parameter(property = "golden.deploy.backendImage", defaultValue = "backend")
    protected String backendImage;

    /** SSH port of the environment's droplet (the bastion golden:migrate tunnels through). */
    @Parameter(property = "golden.ssh.port", defaultValue = "22")
    protected int sshPort;

    /** known_hosts files (comma separated) used when the environment pins no SSH_HOST_FINGERPRINT; default ~/.ssh/known_hosts. */
    @Parameter(property = "golden.ssh.knownHosts")
    protected List<File> knownHosts;

    /** Accept any host key of the droplet (with a loud warning). Refused for production environments and when a key is pinned. */
    @Parameter(property = "golden.ssh.insecureHostKey", defaultValue = "false")
    protected boolean insecureHostKey;

    /** Environments that count as production (globs, comma separated): golden.ssh.insecureHostKey is refused for them. */
    @Parameter(property = "golden.ssh.productionEnvironments", defaultValue = "prod*")
    protected String productionEnvironments;

    /** Seconds to wait for the droplet's TCP/SSH handshake. */
    @Parameter(property = "golden.ssh.connectTimeout", defaultValue = "15")
    protected int connectTimeoutSeconds;

    /** Keep-alive interval in seconds; the droplet counts as dead after interval x count unanswered. */
    @Parameter(property = "golden.ssh.keepAliveInterval", defaultValue = "5")
    protected int keepAliveSeconds;

    /** Unanswered keep-alives after which the droplet's SSH connection counts as dead (see keepAliveSeconds). */
    @Parameter(property = "golden.ssh.keepAliveCount", defaultValue = "3")
    protected int keepAliveCount;

    /** Where the commit is read from when neither -Dgolden.sha nor GITHUB_SHA is given. */
    @Parameter(defaultValue = "${basedir}", readonly = true)
    protected File basedir;

    /** The SSH connection to the environment's droplet. */
    protected com.meatscentral.golden.deploy.SshDropletConnector connector() {
        List<java.nio.file.Path> files = knownHosts == null
                ? List.of()
                : knownHosts.stream().map(File::toPath).toList();
        com.meatscentral.golden.ssh.ProductionEnvironments production =
                com.meatscentral.golden.ssh.ProductionEnvironments.parse(productionEnvironments);
        return new com.meatscentral.golden.deploy.SshDropletConnector(sshPort, null, b -> {
            b.knownHosts = files;
            b.environment = env == null ? null : env.strip();
            b.productionEnvironments = production;
            b.insecureHostKey = insecureHostKey;
            b.connectTimeout = java.time.Duration.ofSeconds(connectTimeoutSeconds);
            b.keepAliveInterval = java.time.Duration.ofSeconds(keepAliveSeconds);
            b.keepAliveMaxCount = keepAliveCount;
        });
    }

    @Override
    protected Optional<String> needsNetwork() {
        return Optional.of("reach the environment's droplet over SSH");
    }
}
