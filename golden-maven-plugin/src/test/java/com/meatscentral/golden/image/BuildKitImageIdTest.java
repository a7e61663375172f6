package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BuildKit build takes the image id from the client's {@code --iidfile}: no engine call after
 * the build. The client here is a script standing in for {@code docker} 20.10 (test code only).
 */
class BuildKitImageIdTest {

    static final String ID = "sha256:" + "c0ffee".repeat(10) + "abcd";

    @TempDir
    Path dir;

    @Test
    void theImageIdComesFromTheClientsIidFileWithoutAskingTheEngine() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path client = bin.resolve("docker");
        Files.writeString(client, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo "Docker version 20.10.24+dfsg1, build 297e128"; exit 0; fi
                while [ $# -gt 0 ]; do
                  if [ "$1" = "--iidfile" ]; then printf '%%s' '%s' > "$2"; echo "$2" > '%s'; fi
                  shift
                done
                echo '#5 [1/2] FROM docker.io/library/busybox'
                echo '#6 [2/2] RUN --mount=type=cache,target=/c true'
                """.formatted(ID, dir.resolve("iidfile-path")));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN --mount=type=cache,target=/c true\n");
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
            assertThat(e.id()).isEqualTo(ID);
            assertThat(e.tags()).containsExactly("r.local/backend:dev-abcdef1", "r.local/backend:dev-latest");
        });
        assertThat(console.text()).contains("[2/2] RUN --mount=type=cache");
        // The id file lived in the temp directory for the build only.
        Path iidFile = Path.of(Files.readString(dir.resolve("iidfile-path")).strip());
        assertThat(iidFile.getFileName().toString()).startsWith("golden-iid-");
        assertThat(iidFile).doesNotExist();
    }
}
