package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client golden connects with ({@link DockerClients#connect}) against a stand-in engine on a
 * Unix socket: what the engine receives for a build.
 */
class ContextUploadHttpClientTest {

    @TempDir
    Path dir;

    @Test
    void aBuildContextReachesTheEngineIntactInOneMegabyteChunks() throws Exception {
        byte[] context = new byte[3 * ContextUploadHttpClient.CHUNK + 12345];
        new Random(7).nextBytes(context);
        Path socket = dir.resolve("docker.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(socket)) {
            DockerClient docker = DockerClients.connect(Map.of("DOCKER_HOST", "unix://" + socket));
            try {
                String id = docker.buildImageCmd()
                        .withTarInputStream(new ByteArrayInputStream(context))
                        .withTags(Set.of("r.local/backend:dev-abc"))
                        .withLabels(Map.of("org.opencontainers.image.revision", "abc"))
                        .exec(new BuildImageResultCallback())
                        .awaitImageId(30, TimeUnit.SECONDS);
                assertThat(id).isEqualTo("abab12345678");
            } finally {
                DockerClients.closeQuietly(docker);
            }
            FakeEngineSocket.Received build = engine.received.stream()
                    .filter(r -> r.requestLine().startsWith("POST ")
                            && r.requestLine().contains("/build?"))
                    .findFirst()
                    .orElseThrow();
            assertThat(build.body()).isEqualTo(context);
            // The engine reads each chunk separately: 8 KB chunks (docker-java's default) cost it ~3 s of CPU per GB.
            assertThat(build.chunks())
                    .as("chunk sizes")
                    .startsWith(
                            ContextUploadHttpClient.CHUNK, ContextUploadHttpClient.CHUNK, ContextUploadHttpClient.CHUNK)
                    .hasSize(4);
            assertThat(build.requestLine())
                    .contains("t=r.local%2Fbackend%3Adev-abc")
                    .contains("labels=");
            assertThat(build.headers()).containsEntry("content-type", "application/tar");
        }
    }
}
