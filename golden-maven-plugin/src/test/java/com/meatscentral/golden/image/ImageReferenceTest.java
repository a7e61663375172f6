package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "registry.digitalocean.com/meatscentral/backend:uat2-backend-abc, registry.digitalocean.com, meatscentral/backend, uat2-backend-abc",
        "ghcr.io/owner/frontend:uat2-latest, ghcr.io, owner/frontend, uat2-latest",
        "127.0.0.1:5000/backend:dev-backend-1, 127.0.0.1:5000, backend, dev-backend-1",
        "localhost/a/b:1, localhost, a/b, 1",
        "library/busybox:1.36, , library/busybox, 1.36",
        "registry.golden.test:5000/x__y.z-w:T_1.0, registry.golden.test:5000, x__y.z-w, T_1.0",
    })
    void validReferencesAreSplitAsTheDockerCliDoes(String text, String registry, String repository, String tag) {
        ImageReference ref = ImageReference.parse(text, "test");
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Backend",
                "ghcr.io/o/back end",
                "ghcr.io//backend",
                "backend:",
                "backend:-x",
                "back_-end",
                "ghcr.io/o/backend:"
                        + "t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789"
                        + "t123456789t123456789t123456789t123456789t12345678",
                "",
                "-backend",
                "backend@sha256:xyz"
            })
    void invalidReferencesAreOneClearMessage(String text) {
        assertThatThrownBy(() -> ImageReference.parse(text, "image 'x'"))
                .isInstanceOf(GoldenException.class)
                .hasMessage("Invalid image reference '" + text + "' (image 'x')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/o/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void digestsAreKept(String text) {
        assertThat(ImageReference.parse(text, "t").digest()).startsWith("sha256:");
    }
}
