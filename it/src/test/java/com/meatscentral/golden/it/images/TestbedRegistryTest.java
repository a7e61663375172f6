package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.image.BuildRequest;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImagePusher;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.ImagesReport;
import com.meatscentral.golden.image.RegistryCredentials;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.it.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testbed's registry (DOCR stand-in: user = password = DO_ACCESS_TOKEN) and base image:
 * golden builds a backend image from local/python-django, pushes it with the dev-backend
 * job's DO_ACCESS_TOKEN, and the backend droplet's own engine pulls it back by digest, as a
 * deploy will. Fails when the testbed is not up.
 */
@Tag("testbed")
class TestbedRegistryTest {

    @TempDir
    Path work;

    @Test
    void builtFromTheTestbedBasePushedWithTheJobsTokenPulledByTheDroplet() throws Exception {
        Testbed testbed = Testbed.load();
        Map<String, String> job = testbed.githubEnvironment("dev-backend");
        String registry = testbed.get("TESTBED_REGISTRY");
        String token = job.get("DO_ACCESS_TOKEN");
        assertThat(token).as("DO_ACCESS_TOKEN of dev-backend").isNotBlank();

        Path backend = Files.createDirectories(work.resolve("backend"));
        Files.writeString(backend.resolve("Dockerfile"), """
                ARG BASE_IMAGE=python:3.12-slim
                FROM ${BASE_IMAGE}
                COPY manage.py /app/manage.py
                CMD ["python3", "-c", "import django; print(django.get_version())"]
                """);
        Files.writeString(backend.resolve("manage.py"), "print('ok')\n");
        String sha = "7e57bed" + Long.toHexString(System.nanoTime());
        DockerClient docker = DockerClients.connect(System.getenv());
        List<String> tags = new ArrayList<>();
        try {
            ImagesReport.Entry built = new ImageBuilder(docker, Console.SILENT)
                    .buildAll(BuildRequest.of(
                            "dev-backend",
                            List.of(new ImageSpec(
                                    "golden-it-backend",
                                    backend,
                                    null,
                                    null,
                                    Map.of("BASE_IMAGE", testbed.get("TESTBED_BASE_IMAGE_PYTHON")))),
                            List.of(registry + "/meatscentral"),
                            SourceRevision.of(sha),
                            b -> b.version = "1"))
                    .get(0);
            tags.addAll(built.tags());
            RegistryCredentials credentials = new RegistryCredentials(
                            job, Map.of(), work.resolve("no-docker-config"), v -> {})
                    .withSecretMapping(registry + "=DO_ACCESS_TOKEN");
            ImagesReport.Entry pushed = new ImagePusher(docker, credentials, Console.SILENT, Duration.ofSeconds(1))
                    .pushAll(new ImagePusher.Request(List.of(built), false))
                    .get(0);
            String repo = registry + "/meatscentral/golden-it-backend";
            String digest = pushed.digests().get(repo);
            assertThat(digest).matches("sha256:[0-9a-f]{64}");

            // The droplet's engine, logged in through a 0600 config (no secret on a command line).
            Path config = Files.createDirectories(work.resolve("droplet-cli")).resolve("config.json");
            Files.writeString(
                    config,
                    "{\"auths\":{\"" + registry + "\":{\"auth\":\""
                            + Base64.getEncoder().encodeToString((token + ":" + token).getBytes()) + "\"}}}");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> droplet = Map.of(
                    "DOCKER_HOST",
                    testbed.get("TESTBED_BACKEND_DOCKER_HOST"),
                    "DOCKER_CONFIG",
                    config.getParent().toString());
            Engine.Result pull = Engine.docker(droplet, "pull", repo + "@" + digest);
            assertThat(pull.exit()).as(pull.output()).isZero();
            Engine.Result run = Engine.docker(droplet, "run", "--rm", repo + "@" + digest);
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output().strip()).startsWith("4.2");
            Engine.docker(droplet, "rmi", repo + "@" + digest);
        } finally {
            if (!tags.isEmpty()) {
                List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
                rmi.addAll(tags);
                Engine.docker(Map.of(), rmi.toArray(String[]::new));
            }
            DockerClients.closeQuietly(docker);
        }
    }
}
