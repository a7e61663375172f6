package com.meatscentral.golden.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A script standing in for Debian's {@code docker} 20.10 client (test code only): answers
 * {@code --version}, and for a build writes {@link #ID} to the {@code --iidfile}, records that
 * file's path in {@code iidFileRecord} and prints two BuildKit plain progress step lines. It
 * talks to no engine.
 */
public final class FakeBuildKitClient {

    public static final String ID = "sha256:" + "c0ffee".repeat(10) + "abcd";

    private FakeBuildKitClient() {}

    /** Writes the client as {@code bin/docker}; returns {@code bin}, for a PATH. */
    /** A build context under {@code dir} whose Dockerfile needs BuildKit (a cache mount). */
    public static Path contextNeedingBuildKit(Path dir) throws IOException {
        Path ctx = java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(
                ctx.resolve("Dockerfile"), "FROM busybox\nRUN --mount=type=cache,target=/c true\n");
        return ctx;
    }

    public static Path install(Path bin, Path iidFileRecord) throws IOException {
        Files.createDirectories(bin);
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
                """.formatted(ID, iidFileRecord));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
