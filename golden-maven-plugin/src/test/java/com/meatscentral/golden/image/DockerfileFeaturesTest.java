package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileFeaturesTest {

    static java.util.Optional<String> needs(String dockerfile) {
        return DockerfileFeatures.needsBuildKit(List.of(dockerfile.split("\n", -1)));
    }

    @Test
    void aCacheMountNeedsBuildKitAndNamesItsLine() {
        assertThat(
                        needs(
                                "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"))
                .contains("line 3: RUN --mount");
    }

    @Test
    void aSyntaxDirectiveNeedsBuildKitOnlyBeforeTheFirstInstruction() {
        assertThat(needs("# syntax=docker/dockerfile:1.6\nFROM scratch\n"))
                .contains("line 1: # syntax=docker/dockerfile:1.6");
        assertThat(needs("# escape=`\n#syntax = docker/dockerfile:1\nFROM scratch\n"))
                .contains("line 2: #syntax = docker/dockerfile:1");
        assertThat(needs("FROM scratch\n# syntax=docker/dockerfile:1\n")).isEmpty(); // a comment by then
    }

    @Test
    void flagsAfterOtherFlagsAndOnContinuationLinesCount() {
        assertThat(needs("FROM a\nRUN --network=none --mount=type=secret,id=npm \\\n    npm ci\n"))
                .contains("line 2: RUN --network");
        assertThat(needs("FROM a\nRUN \\\n  --mount=type=cache,target=/c make\n"))
                .contains("line 2: RUN --mount");
        assertThat(needs("FROM a\nCOPY --link --from=build /app /app\n")).contains("line 2: COPY --link");
        assertThat(needs("FROM a\nCOPY --chown=1:1 --chmod=755 run.sh /\n")).contains("line 2: COPY --chmod");
    }

    @Test
    void aPlainDockerfileAndMountTextInsideACommandDoNot() {
        assertThat(
                        needs(
                                "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY --from=build --chown=1:1 . /app\nRUN echo --mount=type=cache > /note\n"))
                .isEmpty();
        assertThat(needs("FROM a\n# RUN --mount=type=cache,target=/x true\nRUN true\n"))
                .isEmpty();
    }
}
