package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageTagsTest {

    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void everyRegistryGetsTheRevisionTagAndTheLatestTag() {
        List<String> tags = ImageTags.compute(
                "uat2-backend",
                "backend",
                List.of("registry.digitalocean.com/meatscentral", "ghcr.io/meatscentral/", "127.0.0.1:5000"),
                SourceRevision.of(SHA));
        assertThat(tags)
                .containsExactly(
                        "registry.digitalocean.com/meatscentral/backend:uat2-backend-" + SHA,
                        "ghcr.io/meatscentral/backend:uat2-backend-" + SHA,
                        "127.0.0.1:5000/backend:uat2-backend-" + SHA,
                        "registry.digitalocean.com/meatscentral/backend:uat2-backend-latest",
                        "ghcr.io/meatscentral/backend:uat2-backend-latest",
                        "127.0.0.1:5000/backend:uat2-backend-latest");
    }

    @Test
    void aDirtyTreeGetsADistinctSuffix() {
        SourceRevision dirty = new SourceRevision(SHA, true, "a1b2c3d4e5f6");
        assertThat(ImageTags.compute("dev-backend", "backend", List.of("ghcr.io/o"), dirty))
                .first()
                .isEqualTo("ghcr.io/o/backend:dev-backend-" + SHA + "-dirty-a1b2c3d4e5f6");
    }

    @Test
    void productionRefusesADirtyTree() {
        SourceRevision dirty = new SourceRevision(SHA, true, "a1b2c3d4e5f6");
        assertThatThrownBy(() -> ImageTags.compute("prod2-backend", "backend", List.of("ghcr.io/o"), dirty))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("prod2-backend")
                .hasMessageContaining("uncommitted changes");
    }

    @Test
    void productionRefusesALatestDeployReference() {
        assertThatThrownBy(() -> ImageTags.requireImmutableForProduction(
                        "prod2-frontend", "ghcr.io/o/frontend:prod2-frontend-latest"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("not immutable");
        assertThatThrownBy(() -> ImageTags.requireImmutableForProduction("prod2-frontend", "ghcr.io/o/frontend"))
                .isInstanceOf(GoldenException.class);
        ImageTags.requireImmutableForProduction("prod2-frontend", "ghcr.io/o/frontend:prod2-frontend-" + SHA);
        ImageTags.requireImmutableForProduction("uat2", "ghcr.io/o/frontend:uat2-latest");
    }

    @Test
    void anInvalidImageNameIsOneClearMessage() {
        assertThatThrownBy(
                        () -> ImageTags.compute("dev-backend", "Backend", List.of("ghcr.io/o"), SourceRevision.of(SHA)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("Invalid image reference 'ghcr.io/o/Backend:dev-backend-" + SHA + "'")
                .hasMessageContaining("image 'Backend'");
    }

    @Test
    void anEnvThatMakesAnInvalidTagIsRefused() {
        assertThatThrownBy(() -> ImageTags.compute("uat 2", "backend", List.of("ghcr.io/o"), SourceRevision.of(SHA)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("-Denv=uat 2");
        assertThatThrownBy(() -> ImageTags.compute(null, "backend", List.of("ghcr.io/o"), SourceRevision.of(SHA)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("No environment");
    }

    @Test
    void noRegistryIsRefused() {
        assertThatThrownBy(() -> ImageTags.compute("dev-backend", "backend", List.of(), SourceRevision.of(SHA)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("No registry");
    }

    @Test
    void aTagTemplateNamesTagsAsTheRepositoryDoes() {
        SourceRevision revision = SourceRevision.of(SHA);
        assertThat(ImageTags.compute(
                        "dev-backend",
                        "projectmeats-backend",
                        "development-{sha}",
                        List.of("reg.example/ns"),
                        revision))
                .containsExactly(
                        "reg.example/ns/projectmeats-backend:development-" + SHA,
                        "reg.example/ns/projectmeats-backend:development-latest");
        assertThat(ImageTags.tag("{target}-{sha}", "uat-backend", "uat", "abc")).isEqualTo("uat-abc");
        assertThat(ImageTags.tag("{target}-{sha}", "uat2-backend", null, "abc")).isEqualTo("uat2-backend-abc");
        assertThatThrownBy(() -> ImageTags.checkTemplate("{env}-latest")).hasMessageContaining("has no {sha}");
        assertThatThrownBy(() -> ImageTags.checkTemplate("{branch}-{sha}"))
                .hasMessageContaining("unknown placeholder {branch}");
    }
}
