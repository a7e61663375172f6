package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildKitProgressTest {

    @Test
    void oneInfoLinePerStepAndTheFailingStepsOutputInTheError() {
        RecordingConsole console = new RecordingConsole();
        BuildKitProgress progress = new BuildKitProgress(console);
        for (String line : """
                #1 [internal] load build definition from Dockerfile
                #1 transferring dockerfile: 129B done
                #1 DONE 0.0s

                #4 [1/3] FROM docker.io/golden-test/busybox:static
                #4 DONE 0.1s
                #5 [2/3] RUN --mount=type=cache,target=/cache echo warm
                #5 CACHED
                #6 [3/3] RUN echo compiling; exit 3
                #6 0.512 compiling
                #6 ERROR: executor failed running [/bin/sh -c echo compiling; exit 3]: exit code: 3
                ------
                 > [3/3] RUN echo compiling; exit 3:
                ------
                failed to solve with frontend dockerfile.v0: failed to build LLB: executor failed running [/bin/sh -c echo compiling; exit 3]: exit code: 3
                """.split("\n")) {
            progress.line(line);
        }
        assertThat(console.lines.stream().filter(l -> l.startsWith("INFO ")).map(l -> l.substring(5)))
                .containsExactly(
                        "  [1/3] FROM docker.io/golden-test/busybox:static",
                        "  [2/3] RUN --mount=type=cache,target=/cache echo warm",
                        "  [3/3] RUN echo compiling; exit 3");
        String message = progress.failure(new ImageSpec("backend", Path.of("ctx"), null, null, Map.of()), 1)
                .getMessage();
        assertThat(message)
                .startsWith(
                        "Build of image backend failed at [3/3] RUN echo compiling; exit 3: failed to solve with frontend")
                .contains("last output:", "    compiling");
    }

    @Test
    void aClientThatCannotReachTheEngineFailsWithItsWordsAndTheFixForTheEngine() {
        BuildKitProgress progress = new BuildKitProgress(new RecordingConsole());
        // Debian's docker.io 20.10 with DOCKER_HOST=unix:///tmp/none.sock, as it prints it.
        progress.line(
                "failed to dial gRPC: cannot connect to the Docker daemon. Is 'docker daemon' running on this host?:"
                        + " dial unix /tmp/none.sock: connect: no such file or directory");

        GoldenException e = progress.failure(new ImageSpec("backend", Path.of("ctx"), null, null, Map.of()), 1);

        assertThat(e.getMessage())
                .isEqualTo("Cannot reach the Docker engine to build image backend: failed to dial gRPC: cannot connect"
                        + " to the Docker daemon. Is 'docker daemon' running on this host?: dial unix /tmp/none.sock:"
                        + " connect: no such file or directory");
        assertThat(e.hint()).get().asString().startsWith("start a daemon").contains("DOCKER_HOST");
    }

    @Test
    void aUserWhoMayNotUseTheEnginesSocketIsToldSoNotToFixTheDockerfile() {
        BuildKitProgress progress = new BuildKitProgress(new RecordingConsole());
        // buildx's form: "ERROR: " first, then a line of its own after the client's words.
        progress.line("ERROR: permission denied while trying to connect to the Docker daemon socket at"
                + " unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/_ping\": dial unix"
                + " /var/run/docker.sock: connect: permission denied");
        progress.line("see 'docker build --help'");

        GoldenException e = progress.failure(new ImageSpec("backend", Path.of("ctx"), null, null, Map.of()), 1);

        assertThat(e.getMessage())
                .startsWith("Cannot reach the Docker engine to build image backend: ERROR: permission denied");
        assertThat(e.hint()).get().asString().contains("docker group").doesNotContain("Dockerfile");
    }

    @Test
    void aRemoteEngineThatCannotBeDialledIsTheEnginesProblem() {
        BuildKitProgress progress = new BuildKitProgress(new RecordingConsole());
        progress.line("error during connect: Get \"https://10.0.0.9:2376/v1.41/_ping\": x509: certificate signed by"
                + " unknown authority");

        GoldenException e = progress.failure(new ImageSpec("backend", Path.of("ctx"), null, null, Map.of()), 1);

        assertThat(e.getMessage()).startsWith("Cannot reach the Docker engine to build image backend: error during");
        assertThat(e.hint()).get().asString().contains("DOCKER_HOST");
    }
}
