package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which builder an image gets, decided before anything is built; no engine needed. */
class ImageBuilderChoiceTest {

    @TempDir
    Path dir;

    ImageSpec image(String dockerfile) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return new ImageSpec("backend", dir, null, null, Map.of());
    }

    BuildRequest request(ImageSpec spec, BuilderChoice choice, BuildSecrets secrets) {
        return BuildRequest.of("dev", List.of(spec), List.of("r.local"), SourceRevision.of("abcdef1"), b -> {
            b.builder = choice;
            b.secrets = secrets;
        });
    }

    /** An empty PATH: no docker client at all. */
    final ImageBuilder builder = new ImageBuilder(null, Console.SILENT, Map.of("PATH", ""));

    @Test
    void autoKeepsThePlainDockerfileOnTheLegacyBuilder() throws IOException {
        ImageSpec spec = image("FROM scratch\nCOPY . /\n");
        assertThat(builder.useBuildKit(request(spec, BuilderChoice.AUTO, BuildSecrets.NONE), spec))
                .isFalse();
    }

    @Test
    void autoNeedsBuildKitForACacheMountAndSaysWhyWhenNoClientCanDriveIt() throws IOException {
        ImageSpec spec = image("FROM scratch\nRUN --mount=type=cache,target=/c true\n");
        assertThatThrownBy(() -> builder.useBuildKit(request(spec, BuilderChoice.AUTO, BuildSecrets.NONE), spec))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("Image backend needs BuildKit (")
                .hasMessageContaining(
                        "line 2: RUN --mount) but no docker client on the PATH can drive it (there is no docker on the PATH)")
                .satisfies(e -> assertThat(((GoldenException) e).hint())
                        .get()
                        .asString()
                        .contains("docker.io"));
    }

    @Test
    void secretsNeedBuildKitAndAreRefusedWithTheLegacyBuilder() throws IOException {
        ImageSpec spec = image("FROM scratch\n");
        BuildSecrets secrets = BuildSecrets.resolve(List.of("NPM_TOKEN"), Map.of("NPM_TOKEN", "v"), v -> {});
        assertThatThrownBy(() -> builder.useBuildKit(request(spec, BuilderChoice.LEGACY, secrets), spec))
                .isInstanceOf(GoldenException.class)
                .hasMessage("Build secrets [NPM_TOKEN] need BuildKit, but -Dgolden.build.builder=legacy");
        assertThatThrownBy(() -> builder.useBuildKit(request(spec, BuilderChoice.AUTO, secrets), spec))
                .hasMessageContaining("needs BuildKit (build secrets [NPM_TOKEN])");
    }

    @Test
    void theCreatedLabelIsTheCommitTimeWhenKnown() {
        BuildRequest request = BuildRequest.of(
                "dev",
                List.of(),
                List.of("r.local"),
                SourceRevision.of("abcdef1"),
                b -> b.created = Instant.parse("2026-11-28T10:15:30.123Z"));
        assertThat(ImageBuilder.labels(request))
                .containsEntry("org.opencontainers.image.created", "2026-11-28T10:15:30Z")
                .containsEntry("org.opencontainers.image.revision", "abcdef1");
        assertThat(BuilderChoice.parse(" BuildKit ")).isEqualTo(BuilderChoice.BUILDKIT);
        assertThatThrownBy(() -> BuilderChoice.parse("fast"))
                .hasMessage("-Dgolden.build.builder=fast is not a builder");
    }
}
