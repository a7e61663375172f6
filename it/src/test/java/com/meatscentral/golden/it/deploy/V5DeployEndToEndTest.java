package com.meatscentral.golden.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.it.testbed.Run;
import com.meatscentral.golden.it.testbed.Testbed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code mvn golden:deploy} on a v5.x manifest whose variables carry the reference
 * repository's names (SSH_HOST, SSH_USER, SSH_KEY, DJANGO_SECRET_KEY; no application database
 * role), against the testbed's backend droplet: the deploy serves health 200, with the image tag
 * of a tag template ({target}-{sha}). Kept at that level: the deploy's steps are not asserted.
 */
@Tag("testbed")
class V5DeployEndToEndTest {

    private static final Path ROOT =
            Path.of(System.getProperty("golden.repo.root")).toAbsolutePath().normalize();
    private static final String RUN = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
    private static final String SHA = RUN + "000055"; // hex, like a commit

    @TempDir
    Path work;

    @Test
    void aV5ManifestDeploysAndServesHealth() throws Exception {
        Testbed testbed = Testbed.load();
        String registry = testbed.get("TESTBED_REGISTRY");
        Path dockerConfig = Files.createDirectories(work.resolve("docker-config"));
        cli(
                dockerConfig,
                List.of("docker", "login", "-u", testbed.get("TESTBED_REGISTRY_USER"), "--password-stdin", registry),
                testbed.get("TESTBED_REGISTRY_PASSWORD"));
        Path ctx = work.resolve("backend");
        Files.createDirectories(ctx.resolve("www/api/v1/health"));
        Files.writeString(
                ctx.resolve("www/api/v1/health/index.html"), "{\"status\":\"ok\",\"manifest\":\"v5-" + RUN + "\"}\n");
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /usr/share/nginx/html\n"
                        + "CMD [\"/bin/busybox\", \"sh\", \"-c\", \"trap 'exit 0' TERM; /bin/busybox httpd -f -p 8000 -h /usr/share/nginx/html & wait\"]\n");
        String ref = registry + "/backend:development-" + SHA;
        cli(dockerConfig, List.of("docker", "build", "-q", "-t", ref, ctx.toString()), null);
        cli(dockerConfig, List.of("docker", "push", ref), null);

        Path project = Files.createDirectories(work.resolve("project/config"));
        Files.copy(
                ROOT.resolve("it/src/test/resources/v5-deploy/config/env.manifest.json"),
                project.resolve("env.manifest.json"));
        Map<String, String> v3 = testbed.githubEnvironment("dev-backend");
        Map<String, String> v5 = Map.of(
                "SSH_HOST",
                v3.get("DEV_HOST"),
                "SSH_USER",
                v3.get("DEV_USER"),
                "SSH_KEY",
                v3.get("DEV_SSH_PRIVATE_KEY"),
                "DB_HOST",
                v3.get("DEV_DB_HOST"),
                "DB_PORT",
                v3.get("DEV_DB_PORT"),
                "DB_NAME",
                v3.get("DEV_DB_NAME"),
                "DB_USER",
                v3.get("DEV_DB_USER"),
                "DB_PASSWORD",
                v3.get("DEV_DB_PASSWORD"),
                "DJANGO_SECRET_KEY",
                "dsk-" + RUN,
                "DO_ACCESS_TOKEN",
                v3.get("DO_ACCESS_TOKEN"));

        List<String> command = new ArrayList<>(List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-s",
                System.getProperty("golden.it.settings"),
                "-Dmaven.repo.local=" + System.getProperty("golden.it.localRepo"),
                "-Dgolden.registries=" + registry,
                "-Dgolden.ssh.knownHosts=" + testbed.get("TESTBED_SSH_KNOWN_HOSTS"),
                "-Dgolden.tunnel.port=0",
                "-Dgolden.migrate.command=/bin/busybox true",
                "-Dgolden.image.tagTemplate={target}-{sha}",
                "golden:deploy",
                "-Denv=dev-backend",
                "-Dgolden.sha=" + SHA));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(project.getParent().toFile())
                .redirectErrorStream(true);
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("DEV_") || k.equals("MAVEN_ARGS"));
        pb.environment().putAll(v5);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        System.out.println("---- mvn golden:deploy (v5 manifest) -> exit " + p.exitValue() + "\n" + out);

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("development-" + SHA)
                .contains("no application database role")
                .contains("row-level security is NOT enforced");
        HttpResponse<String> health = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + testbed.get("TESTBED_BACKEND_IP") + ":8000/api/v1/health/"))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("v5-" + RUN);
        assertThat(out).doesNotContain(v3.get("DEV_DB_PASSWORD")).doesNotContain("dsk-" + RUN);
    }

    private static void cli(Path dockerConfig, List<String> command, String stdin) {
        // Run.succeed: a deadline that kills the command, output drained while it runs.
        Run.succeed(command, Map.of("DOCKER_CONFIG", dockerConfig.toString()), stdin, Duration.ofMinutes(5));
    }
}
