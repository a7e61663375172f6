package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients on the PATH are stand-in scripts that answer as the real ones do. */
class DockerCliTest {

    @TempDir
    Path bin;

    Path client(String dir, String version, boolean buildx) throws IOException {
        Path d = Files.createDirectories(bin.resolve(dir));
        Path exe = d.resolve("docker");
        Files.writeString(
                exe,
                "#!/bin/sh\n"
                        + "if [ \"$1\" = --version ]; then echo 'Docker version " + version
                        + ", build abc1234'; exit 0; fi\n"
                        + "if [ \"$1\" = buildx ]; then "
                        + (buildx
                                ? "echo 'github.com/docker/buildx v0.12.1'; exit 0"
                                : "echo \"docker: 'buildx' is not a docker command.\" >&2; exit 1")
                        + "; fi\n"
                        + "exit 2\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    @Test
    void aNewClientWithoutBuildxFirstOnThePathIsPassedOverForTheDebianOne() throws IOException {
        client("local", "28.2.2", false);
        Path debian = client("usr", "20.10.24+dfsg1", false);
        DockerCli.Search search = DockerCli.search(Map.of("PATH", bin.resolve("local") + ":" + bin.resolve("usr")));
        assertThat(search.cli()).hasValueSatisfying(cli -> {
            assertThat(cli.executable()).isEqualTo(debian);
            assertThat(cli.version()).isEqualTo("20.10.24+dfsg1");
            assertThat(cli.secretsFromEnvironment()).isTrue();
        });
        assertThat(search.rejected())
                .singleElement()
                .asString()
                .contains("28.2.2")
                .contains("buildx");
    }

    @Test
    void aNewClientWithBuildxIsTaken() throws IOException {
        Path local = client("local", "28.2.2", true);
        assertThat(DockerCli.search(Map.of("PATH", bin.resolve("local").toString()))
                        .cli())
                .hasValueSatisfying(cli -> assertThat(cli.executable()).isEqualTo(local));
    }

    @Test
    void noUsableClientSaysWhyForEach() throws IOException {
        client("old", "18.06.1-ce", false);
        client("new", "24.0.7", false);
        DockerCli.Search search = DockerCli.search(
                Map.of("PATH", bin.resolve("old") + ":" + bin.resolve("new") + ":" + bin.resolve("none")));
        assertThat(search.cli()).isEmpty();
        assertThat(search.rejected()).hasSize(2);
        assertThat(search.rejected().get(0)).contains("older than 18.09");
        assertThat(DockerCli.unsuitable(19, 3, false)).isEmpty();
        assertThat(new DockerCli(bin, "19.03.15", false).secretsFromEnvironment())
                .isFalse();
    }
}
