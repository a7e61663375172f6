package com.meatscentral.golden.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The remote operations a deploy performs on one droplet. {@link ShellDroplet} implements
 * them as docker/curl/nginx commands over a {@link RemoteShell} (one SSH connection);
 * unit tests use an in-memory droplet. Failures the user can fix are {@code GoldenException}s.
 */
public interface Droplet {

    String describe();

    /**
     * Registry login into a private docker config directory on the droplet. DOCR's user is the
     * token itself, so {@code docker login --username TOKEN --password-stdin} would still put it
     * on a command line; instead the credential is uploaded in a 0600 {@code config.json} and
     * {@code docker --config DIR login REGISTRY} verifies it against the registry (a refused
     * token fails here). The deploy removes the directory when it ends.
     */
    void login(String dockerConfigDir, String registry, String user, String token);

    /** {@code docker pull}, with the private config directory when one was logged in (else null). */
    void pull(String dockerConfigDir, String image);

    /** Whether the droplet's engine has the image already (the proxy's is pulled only when it has not). */
    boolean hasImage(String image);

    /** {@code repo@sha256:...} entries of a pulled image. */
    List<String> repoDigests(String image);

    Optional<ContainerInfo> container(String name);

    void rename(String from, String to);

    void stop(String name);

    /**
     * Starts a {@code docker stop} of {@code name} on the droplet and returns without waiting for
     * the container to end (its output goes to {@code log}). {@link #stop} on the same container
     * waits for it.
     */
    void stopInBackground(String name, String log);

    void start(String name);

    void remove(String name);

    /** {@code docker run -d}; env may be null (no runtime variables). */
    void run(ContainerSpec spec, RuntimeEnvFile env, String envFilePath);

    List<String> logs(String name, int tail);

    HealthProbe.ProbeResult probe(String url, Duration timeout);

    void writeFile(String path, byte[] content, int mode);

    Optional<String> readFile(String path);

    /** {@code mkdir -p} with mode 0700 for the leaf. */
    void mkdirs(String path);

    /** Atomic {@code mkdir}: true when this call created it, false when it already existed. */
    boolean mkdirExclusive(String path);

    void removeTree(String path);

    void removeFile(String path);

    void appendLine(String path, String line);

    /**
     * Installs an nginx site file: temp upload, back up the current file, move into place,
     * {@code nginx -t}, reload; restores the previous file when the test fails.
     */
    void installNginxSite(String sitePath, String content);

    /**
     * Starts the droplet's proxy: nginx on the host network reading {@code configDir} (mounted
     * read-only at {@link ProxyConfig#MOUNT}), restarted by the engine with the droplet.
     */
    void runProxy(String name, String image, String configDir);

    /**
     * A graceful reload of the proxy (SIGHUP). nginx keeps serving with its previous configuration
     * when it rejects the new one, so no test runs first (a {@code docker exec nginx -t} cost half a
     * second per deploy): the cutover confirms the switch through the slot header and, when it does
     * not show, asks {@link #proxyConfigProblem} why.
     */
    void reloadProxy(String name);

    /** What {@code nginx -t} inside the proxy reports against its configuration; empty when it passes. */
    Optional<String> proxyConfigProblem(String name);

    /** How many of the proxy's nginx workers are still draining requests of an earlier configuration. */
    int drainingWorkers(String name);

    /** The {@link ProxyConfig#SLOT_HEADER} the proxy at {@code url} answers with; 0 when none (or no answer). */
    int servedSlot(String url, Duration timeout);
}
