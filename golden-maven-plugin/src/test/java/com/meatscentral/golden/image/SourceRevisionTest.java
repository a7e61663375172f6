package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRevisionTest {

    @TempDir
    Path repo;

    void git(String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    void commit() throws Exception {
        git("init", "-q");
        Files.writeString(repo.resolve("a.txt"), "one\n");
        git("add", "a.txt");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one");
    }

    @Test
    void explicitShaThenGithubShaThenGitHead() throws Exception {
        commit();
        String sha = "abcdef0123456789abcdef0123456789abcdef01";
        assertThat(SourceRevision.resolve(sha, Map.of("GITHUB_SHA", "1111111"), repo)
                        .sha())
                .isEqualTo(sha);
        assertThat(SourceRevision.resolve(null, Map.of("GITHUB_SHA", sha), repo).sha())
                .isEqualTo(sha);
        SourceRevision head = SourceRevision.resolve(null, Map.of(), repo);
        assertThat(head.sha()).hasSize(40).isNotEqualTo(sha);
        assertThat(head.dirty()).isFalse();
        assertThat(head.tagPart()).isEqualTo(head.sha());
    }

    @Test
    void aDirtyTreeIsMarkedAndItsHashFollowsTheChanges() throws Exception {
        commit();
        Files.writeString(repo.resolve("a.txt"), "two\n");
        SourceRevision first = SourceRevision.resolve(null, Map.of(), repo);
        assertThat(first.dirty()).isTrue();
        assertThat(first.tagPart()).matches(first.sha() + "-dirty-[0-9a-f]{12}");
        assertThat(SourceRevision.resolve(null, Map.of(), repo)).isEqualTo(first);
        Files.writeString(repo.resolve("a.txt"), "three\n");
        assertThat(SourceRevision.resolve(null, Map.of(), repo).changesHash()).isNotEqualTo(first.changesHash());
        Files.writeString(repo.resolve("a.txt"), "one\n");
        Files.writeString(repo.resolve("new.txt"), "untracked\n");
        assertThat(SourceRevision.resolve(null, Map.of(), repo).dirty()).isTrue();
    }

    @Test
    void aBuildToldItsShaStillSeesUncommittedChanges() throws Exception {
        commit();
        String sha = "abcdef0123456789abcdef0123456789abcdef01";
        assertThat(SourceRevision.resolveForBuild(sha, Map.of(), repo).dirty()).isFalse();
        Files.writeString(repo.resolve("a.txt"), "edited\n");
        SourceRevision told = SourceRevision.resolveForBuild(sha, Map.of(), repo);
        assertThat(told.dirty()).as("-Dgolden.sha on a dirty tree").isTrue();
        assertThat(told.tagPart()).matches(sha + "-dirty-[0-9a-f]{12}");
        assertThat(SourceRevision.resolveForBuild(null, Map.of("GITHUB_SHA", sha), repo)
                        .dirty())
                .isTrue();
        // Picking an existing image (deploy, migrate) does not look at the tree.
        assertThat(SourceRevision.resolve(sha, Map.of(), repo).dirty()).isFalse();
    }

    @Test
    void theCommitTimeIsTheCreatedTimeUnlessSourceDateEpochIsSet() throws Exception {
        commit();
        String head = SourceRevision.resolve(null, Map.of(), repo).sha();
        java.util.Optional<java.time.Instant> time = SourceRevision.commitTime(head, Map.of(), repo);
        assertThat(time).isPresent();
        assertThat(SourceRevision.commitTime(head, Map.of(), repo)).isEqualTo(time); // a rebuild: the same label
        assertThat(SourceRevision.commitTime(head, Map.of("SOURCE_DATE_EPOCH", "1764400000"), repo))
                .contains(java.time.Instant.ofEpochSecond(1764400000));
        assertThat(SourceRevision.commitTime("abcdef0123456789abcdef0123456789abcdef01", Map.of(), repo))
                .isEmpty();
    }

    @Test
    void aBuildOutsideAGitCheckoutTakesTheGivenSha() {
        String sha = "abcdef0123456789abcdef0123456789abcdef01";
        assertThat(SourceRevision.resolveForBuild(sha, Map.of(), repo)).isEqualTo(SourceRevision.of(sha));
    }

    @Test
    void notAGitCheckoutOrABadShaIsOneClearMessage() throws IOException {
        assertThatThrownBy(() -> SourceRevision.resolve(null, Map.of(), repo))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("git rev-parse HEAD");
        assertThatThrownBy(() -> SourceRevision.resolve("not-a-sha", Map.of(), repo))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("-Dgolden.sha");
    }
}
