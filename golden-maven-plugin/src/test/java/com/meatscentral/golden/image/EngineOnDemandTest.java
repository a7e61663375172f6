package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A goal's builder connects docker-java to the engine only when a build needs it: never for
 * BuildKit images (the client reaches the engine itself), before the first build when any image
 * is legacy. The BuildKit client is {@link FakeBuildKitClient}.
 */
class EngineOnDemandTest {

    @TempDir
    Path dir;

    final AtomicInteger connects = new AtomicInteger();

    /** An engine nobody can reach, counting the attempts. */
    final Supplier<DockerClient> unreachable = () -> {
        connects.incrementAndGet();
        throw new GoldenException("Cannot reach the Docker engine at unix:///nowhere.sock: No such file", "start one");
    };

    ImageSpec image(String name, String dockerfile) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve(name));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return new ImageSpec(name, ctx, null, null, Map.of());
    }

    BuildRequest request(ImageSpec... images) {
        return BuildRequest.of("dev", List.of(images), List.of("r.local"), SourceRevision.of("abcdef1"), b -> {});
    }

    @Test
    void imagesThatAllBuildWithBuildKitNeverConnectToTheEngine() throws Exception {
        Path bin = FakeBuildKitClient.install(dir.resolve("bin"), dir.resolve("iidfile-path"));
        try (ImageBuilder builder =
                ImageBuilder.connectingWhenNeeded(Console.SILENT, Map.of("PATH", bin.toString()), unreachable)) {
            List<ImagesReport.Entry> built = builder.buildAll(request(
                    image("backend", "FROM busybox\nRUN --mount=type=cache,target=/c true\n"),
                    image("frontend", "# syntax=docker/dockerfile:1\nFROM busybox\n")));

            assertThat(built).extracting(ImagesReport.Entry::id).containsOnly(FakeBuildKitClient.ID);
        }
        assertThat(connects).hasValue(0);
    }

    @Test
    void aLegacyImageConnectsBeforeTheFirstBuildSoAnUnreachableEngineFailsBeforeAnythingIsBuilt() throws Exception {
        Path bin = FakeBuildKitClient.install(dir.resolve("bin"), dir.resolve("iidfile-path"));
        ImageBuilder builder =
                ImageBuilder.connectingWhenNeeded(Console.SILENT, Map.of("PATH", bin.toString()), unreachable);

        assertThatThrownBy(() -> builder.buildAll(request(
                        image("backend", "FROM busybox\nRUN --mount=type=cache,target=/c true\n"),
                        image("frontend", "FROM busybox\n"))))
                .isInstanceOf(GoldenException.class)
                .hasMessageStartingWith("Cannot reach the Docker engine at unix:///nowhere.sock");
        assertThat(connects).hasValue(1);
        assertThat(dir.resolve("iidfile-path"))
                .as("the BuildKit image was not built")
                .doesNotExist();
        builder.close();
    }
}
