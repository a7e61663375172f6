package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A Distribution registry ({@code docker-registry serve}, Debian package docker-registry) on
 * 127.0.0.1:&lt;free port&gt; with htpasswd (bcrypt) auth, user = password = the token, as DOCR
 * takes DO_ACCESS_TOKEN. The Docker engine treats 127.0.0.0/8 as insecure, so no TLS and no
 * daemon flag are needed. Started and stopped by the test; stop() in finally.
 */
final class LocalRegistry implements AutoCloseable {

    final String token;
    final int port;
    private final Path dir;
    private Process process;

    LocalRegistry(Path dir, String token) throws IOException {
        this.dir = dir;
        this.token = token;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        // htpasswd reads the password from stdin (-i): it never appears on a command line.
        Process htpasswd = new ProcessBuilder(
                        "htpasswd", "-B", "-i", "-c", dir.resolve("htpasswd").toString(), token)
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = htpasswd.getOutputStream()) {
            in.write((token + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(htpasswd.waitFor())
                    .as("htpasswd (apache2-utils, installed by it/setup-machine.sh): " + out)
                    .isZero();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: golden-test
                    path: %s
                """.formatted(dir.resolve("data"), port, dir.resolve("htpasswd")));
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** Starts the registry and polls /v2/ until it answers (401 without credentials). */
    LocalRegistry start() throws Exception {
        process = new ProcessBuilder(
                        "docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                HttpURLConnection c = (HttpURLConnection)
                        URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(1000);
                int code = c.getResponseCode();
                c.disconnect();
                if (code == 401) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("docker-registry did not start on " + host() + ": "
                        + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
