package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesReportTest {

    @TempDir
    Path target;

    @Test
    void aBuildOfOneImageKeepsTheOthersAndDigestsRoundTrip() throws Exception {
        Path file = ImagesReport.location(target);
        assertThat(file).isEqualTo(target.resolve("golden/images.json"));
        ImagesReport.merge(
                file,
                List.of(
                        new ImagesReport.Entry(
                                "uat2-backend",
                                "backend",
                                "abc1234",
                                List.of("r/backend:uat2-backend-abc1234"),
                                "sha256:1",
                                Map.of()),
                        new ImagesReport.Entry(
                                "uat2-backend",
                                "frontend",
                                "abc1234",
                                List.of("r/frontend:uat2-backend-abc1234"),
                                "sha256:2",
                                Map.of())));
        ImagesReport.merge(
                file,
                List.of(new ImagesReport.Entry(
                                "uat2-backend",
                                "backend",
                                "def5678",
                                List.of("r/backend:uat2-backend-def5678"),
                                "sha256:3",
                                Map.of())
                        .withDigest("r/backend", "sha256:aaaa")));
        List<ImagesReport.Entry> read = ImagesReport.read(file);
        assertThat(read)
                .extracting(ImagesReport.Entry::image, ImagesReport.Entry::id)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("frontend", "sha256:2"),
                        org.assertj.core.groups.Tuple.tuple("backend", "sha256:3"));
        assertThat(read.get(1).digests()).containsEntry("r/backend", "sha256:aaaa");
        assertThat(Files.readString(file)).contains("\"digests\"");
    }

    @Test
    void nothingBuiltIsOneClearMessage() {
        assertThatThrownBy(() -> ImagesReport.read(target.resolve("golden/images.json")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("nothing built to push");
    }
}
