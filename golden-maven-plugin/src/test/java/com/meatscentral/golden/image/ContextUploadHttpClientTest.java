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

    @Test
    void aContextTarIsWrittenOnceStraightIntoTheRequestByTheSendingThread() throws Exception {
        Path ctx = java.nio.file.Files.createDirectories(dir.resolve("ctx"));
        Random random = new Random(11);
        byte[] data = new byte[512 * 1024];
        for (int i = 0; i < 6; i++) { // 3 MB: more than a writer thread's pipe holds, so one would still run
            random.nextBytes(data);
            java.nio.file.Files.write(ctx.resolve("f" + i + ".bin"), data);
        }
        java.nio.file.Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        ImageSpec spec = new ImageSpec("upload", ctx, null, null, Map.of());
        byte[] expected;
        try (BuildContext read = BuildContext.open(spec)) { // a reader gets the same tar through the pipe
            expected = read.stream().readAllBytes();
        }
        Path socket = dir.resolve("docker.sock");
        try (FakeEngineSocket engine = new FakeEngineSocket(socket);
                BuildContext context = BuildContext.open(spec)) {
            assertThat(writerThreads()).as("writer threads before the send").isEmpty();
            DockerClient docker = DockerClients.connect(Map.of("DOCKER_HOST", "unix://" + socket));
            try {
                docker.buildImageCmd()
                        .withTarInputStream(context.stream())
                        .withDockerfilePath(context.dockerfileInTar())
                        .exec(new BuildImageResultCallback())
                        .awaitImageId(30, TimeUnit.SECONDS);
            } finally {
                DockerClients.closeQuietly(docker);
            }
            assertThat(writerThreads()).as("writer threads after the send").isEmpty();
            FakeEngineSocket.Received build = engine.received.stream()
                    .filter(r -> r.requestLine().contains("/build?"))
                    .findFirst()
                    .orElseThrow();
            assertThat(files(build.body())).isEqualTo(files(expected)); // the same files (times aside: atime moves)
            assertThat(context.failure()).isNull();
            assertThat(build.chunks().subList(0, build.chunks().size() - 1))
                    .as("chunk sizes but the last")
                    .allSatisfy(size -> assertThat(size).isGreaterThanOrEqualTo(ContextUploadHttpClient.CHUNK));
        }
    }

    /** Each regular file of a tar, by name, as a hash of its content (readable in a failure). */
    static Map<String, Integer> files(byte[] tar) throws java.io.IOException {
        Map<String, Integer> files = new java.util.TreeMap<>();
        try (var in =
                new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), java.util.Arrays.hashCode(in.readAllBytes()));
                }
            }
        }
        return files;
    }

    /** Threads writing a context's tar for a reader ({@link BuildContext}'s pipe mode). */
    static java.util.List<String> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.equals("golden-context-upload"))
                .toList();
    }
}
