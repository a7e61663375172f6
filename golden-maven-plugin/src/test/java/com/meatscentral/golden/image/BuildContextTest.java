package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    @TempDir
    Path ctx;

    Map<String, TarArchiveEntry> entries(ImageSpec spec) throws IOException {
        Map<String, TarArchiveEntry> found = new HashMap<>();
        try (BuildContext context = BuildContext.open(spec);
                TarArchiveInputStream tar = new TarArchiveInputStream(context.stream())) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                found.put(e.getName(), e);
            }
            assertThat(context.failure()).isNull();
        }
        return found;
    }

    void write(String path, String content) throws IOException {
        Path p = ctx.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void ignoredFilesAreNotSentButDockerfileAndDockerignoreAlwaysAre() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write(".dockerignore", "Dockerfile\n.dockerignore\nsecrets\n*.log\n!keep.log\n");
        write("app/main.py", "print(1)\n");
        write("secrets/token", "x");
        write("debug.log", "x");
        write("keep.log", "x");
        Files.setPosixFilePermissions(ctx.resolve("app/main.py"), PosixFilePermissions.fromString("rwxr-x---"));
        Map<String, TarArchiveEntry> tar = entries(new ImageSpec("backend", ctx, null, null, null));
        assertThat(tar).containsKeys("Dockerfile", ".dockerignore", "app/", "app/main.py", "keep.log");
        assertThat(tar).doesNotContainKeys("secrets/", "secrets/token", "debug.log");
        assertThat(tar.get("app/main.py").getMode() & 0777).isEqualTo(0750);
        assertThat(tar.get("app/main.py").getUserName()).isEmpty();
    }

    @Test
    void aDockerfileInAnIgnoredFolderIsStillSentAsTheCliSendsIt() throws IOException {
        write("docker/Dockerfile", "FROM scratch\n");
        write("docker/secret.txt", "not sent\n");
        write(".dockerignore", "docker\n");

        Map<String, TarArchiveEntry> tar =
                entries(new ImageSpec("backend", ctx, Path.of("docker/Dockerfile"), null, null));

        assertThat(tar).containsKey("docker/Dockerfile").doesNotContainKey("docker/secret.txt");
    }

    @Test
    void closingTheContextStopsAnUploadInProgressWithoutCallingItTheContextsFault() throws Exception {
        write("Dockerfile", "FROM scratch\n");
        Files.write(ctx.resolve("big.bin"), new byte[8 * 1024 * 1024]);
        BuildContext context = BuildContext.open(new ImageSpec("backend", ctx, null, null, null));
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.io.OutputStream slowEngine = new java.io.OutputStream() {
            @Override
            public void write(int b) {}

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                started.countDown();
                try {
                    Thread.sleep(20); // an engine reading slowly: the upload would take minutes
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        };
        java.util.concurrent.CompletableFuture<Long> upload = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return context.stream().transferTo(slowEngine);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        context.close(); // what LegacyBuild does when the build is interrupted

        assertThatThrownBy(() -> upload.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(java.io.InterruptedIOException.class)
                .hasMessageContaining("was abandoned");
        assertThat(context.failure())
                .as("not an unreadable file of the context")
                .isNull();
    }

    @Test
    void aDockerfileOutsideTheContextIsAddedUnderItsOwnName() throws IOException {
        write("ctx/app.txt", "x");
        write("other/Dockerfile.prod", "FROM scratch\n");
        ImageSpec spec = new ImageSpec("frontend", ctx.resolve("ctx"), Path.of("../other/Dockerfile.prod"), null, null);
        try (BuildContext context = BuildContext.open(spec)) {
            assertThat(context.dockerfileInTar()).isEqualTo(BuildContext.OUTSIDE_DOCKERFILE);
            context.stream().transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(entries(spec)).containsKeys("app.txt", BuildContext.OUTSIDE_DOCKERFILE);
    }

    @Test
    void aMissingContextOrDockerfileIsOneClearMessage() throws IOException {
        assertThatThrownBy(() -> BuildContext.open(new ImageSpec("backend", ctx.resolve("nope"), null, null, null)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> BuildContext.open(new ImageSpec("backend", ctx, Path.of("Dockerfile.x"), null, null)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("Dockerfile.x")
                .hasMessageContaining("does not exist");
    }

    @Test
    void symlinksAreSentAsLinksEvenWhenDangling() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        Files.createSymbolicLink(ctx.resolve("dangling"), ctx.resolve("missing"));
        Files.createSymbolicLink(ctx.resolve("link"), Path.of("Dockerfile"));
        Map<String, TarArchiveEntry> tar = entries(new ImageSpec("b", ctx, null, null, null));
        assertThat(tar.get("dangling").isSymbolicLink()).isTrue();
        assertThat(tar.get("link").getLinkName()).isEqualTo("Dockerfile");
    }

    @Test
    void eachEntryHasTheClisHeaderOnlyWholeSecondsAndNoAccessOrChangeTime() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write("app/main.py", "print(1)\n");
        Files.setLastModifiedTime(
                ctx.resolve("app/main.py"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-11-30T06:00:01.123456789Z")));
        Map<String, TarArchiveEntry> tar = entries(new ImageSpec("backend", ctx, null, null, null));
        TarArchiveEntry main = tar.get("app/main.py");
        // commons-compress's entry made from a file adds a PAX header per file for the times' fractions.
        assertThat(main.getLastModifiedTime().toInstant()).isEqualTo("2026-11-30T06:00:01Z");
        assertThat(main.getLastAccessTime()).isNull();
        assertThat(main.getStatusChangeTime()).isNull();
        assertThat(main.getSize()).isEqualTo(9);
        assertThat(tar.get("app/").isDirectory()).isTrue();
    }
}
