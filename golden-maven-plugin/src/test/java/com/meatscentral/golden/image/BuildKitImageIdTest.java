package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BuildKit build takes the image id from the client's {@code --iidfile}: no engine call after
 * the build. The client is {@link FakeBuildKitClient}.
 */
class BuildKitImageIdTest {

    @TempDir
    Path dir;

    @Test
    void theImageIdComesFromTheClientsIidFileWithoutAskingTheEngine() throws Exception {
        Path bin = FakeBuildKitClient.install(dir.resolve("bin"), dir.resolve("iidfile-path"));
        Path ctx = FakeBuildKitClient.contextNeedingBuildKit(dir.resolve("ctx"));
        RecordingConsole console = new RecordingConsole();

        // No engine connection at all (null): an inspect after the build would fail.
        List<ImagesReport.Entry> built = new ImageBuilder(null, console, Map.of("PATH", bin.toString()))
                .buildAll(BuildRequest.of(
                        "dev",
                        List.of(new ImageSpec("backend", ctx, null, null, Map.of())),
                        List.of("r.local"),
                        SourceRevision.of("abcdef1"),
                        b -> b.builder = BuilderChoice.AUTO));

        assertThat(built).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(FakeBuildKitClient.ID);
            assertThat(e.tags()).containsExactly("r.local/backend:dev-abcdef1", "r.local/backend:dev-latest");
        });
        assertThat(console.text()).contains("[2/2] RUN --mount=type=cache");
        // The id file lived in the temp directory for the build only.
        Path iidFile = Path.of(Files.readString(dir.resolve("iidfile-path")).strip());
        assertThat(iidFile.getFileName().toString()).startsWith("golden-iid-");
        assertThat(iidFile).doesNotExist();
    }
}
