package com.meatscentral.golden.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.meatscentral.golden.ClassWarmup;
import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one place that opens a connection to a Docker engine. DOCKER_HOST and the other
 * standard DOCKER_* variables are honoured; no API version is pinned, so the engine's
 * own version is negotiated (engines from API 1.41 up work). Build contexts go out in large
 * chunks ({@link ContextUploadHttpClient}).
 */
public final class DockerClients {

    /**
     * Loggers that print request bodies and headers at debug: the container-create JSON
     * (SECRET_KEY, DATABASE_URL in the env) and the base64 X-Registry-Auth header. Under
     * {@code mvn -X} SLF4J's simple logger (Maven's) would print them unredacted, so they
     * stay at info unless the user set a level for them explicitly.
     */
    static final java.util.List<String> CHATTY_LOGGERS = java.util.List.of(
            "org.apache.hc.client5.http.wire",
            "org.apache.hc.client5.http.headers",
            "org.apache.hc.client5.http",
            "org.apache.hc.core5",
            "com.github.dockerjava");

    private DockerClients() {}

    /** Keeps {@link #CHATTY_LOGGERS} at info; must run before their classes create their loggers. */
    static void quietChattyLoggers() {
        for (String logger : CHATTY_LOGGERS) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "info");
            }
        }
    }

    /** docker-java's client classes, loaded by {@link #warmInBackground}: the ones every golden use of it needs. */
    private static final List<String> CLIENT_CLASSES = List.of(
            "com.github.dockerjava.core.DefaultObjectMapperHolder",
            "com.github.dockerjava.core.DefaultDockerClientConfig",
            "com.github.dockerjava.httpclient5.ApacheDockerHttpClient",
            "com.github.dockerjava.core.DockerClientImpl",
            "com.github.dockerjava.core.DefaultDockerCmdExecFactory",
            "com.github.dockerjava.core.command.PingCmdImpl",
            "com.github.dockerjava.core.exec.PingCmdExec",
            "com.github.dockerjava.core.command.InspectImageCmdImpl",
            "com.github.dockerjava.core.command.CreateContainerCmdImpl");

    /**
     * Loads docker-java's client classes on a daemon thread (about 0.4 s in a one-goal JVM), without
     * asking any engine: for a caller that connects later, after local or network work of its own.
     */
    public static void warmInBackground() {
        // First, on this thread: the loggers docker-java's classes create as they load take the level set now.
        // Loaded before it, they would log every command at DEBUG under -X, with the container's environment
        // (DATABASE_URL, SECRET_KEY) in it.
        quietChattyLoggers();
        ClassWarmup.inBackground(
                "docker-java", () -> ClassWarmup.load(DockerClients.class.getClassLoader(), CLIENT_CLASSES));
    }

    /** Connects to the engine named by {@code DOCKER_HOST} in {@code env} (default the local socket) and pings it. */
    public static DockerClient connect(Map<String, String> env) {
        quietChattyLoggers();
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            builder.withDockerHost(host);
        }
        DockerClientConfig config = builder.build();
        Duration connectTimeout = Duration.ofSeconds(10);
        DockerHttpClient http = ContextUploadHttpClient.wrap(
                config.getDockerHost(),
                config.getSSLConfig(),
                connectTimeout,
                new ApacheDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .sslConfig(config.getSSLConfig())
                        .maxConnections(32)
                        .connectionTimeout(connectTimeout)
                        // Builds and pushes stream for minutes: no response timeout here.
                        .build());
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new GoldenException(
                    "Cannot reach the Docker engine at " + config.getDockerHost() + ": " + ImageBuilder.rootMessage(e),
                    "start a daemon (`dockerd`, or `sudo systemctl start docker`) or point DOCKER_HOST at one,"
                            + " e.g. DOCKER_HOST=unix:///var/run/docker.sock",
                    e);
        }
        return client;
    }

    public static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (Exception ignored) {
            // Closing is best effort; the engine keeps no state for this client.
        }
    }
}
