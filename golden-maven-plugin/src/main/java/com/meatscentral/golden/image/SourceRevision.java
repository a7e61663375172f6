package com.meatscentral.golden.image;

import com.meatscentral.golden.GitCommand;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The source revision an image is built from. {@code sha} is {@code -Dgolden.sha}, else
 * {@code GITHUB_SHA}, else {@code git rev-parse HEAD}. A working tree with uncommitted
 * changes is {@code dirty}: its tags get {@code -dirty-<12 hex of a hash of the changes>}
 * so that they never collide with the clean build of the same commit.
 */
public record SourceRevision(String sha, boolean dirty, String changesHash) {

    private static final Pattern SHA = Pattern.compile("^[0-9a-f]{7,64}$");

    public String tagPart() {
        return dirty ? sha + "-dirty-" + changesHash : sha;
    }

    /** A clean revision given explicitly (tests, -Dgolden.sha). */
    public static SourceRevision of(String sha) {
        return new SourceRevision(checkSha(sha, "the given sha"), false, null);
    }

    /**
     * Resolves the revision of {@code workTree}. An explicit sha or {@code GITHUB_SHA} is taken
     * as is (CI checks out exactly that commit, clean).
     */
    public static SourceRevision resolve(String explicitSha, Map<String, String> env, Path workTree) {
        if (explicitSha != null && !explicitSha.isBlank()) {
            return new SourceRevision(checkSha(explicitSha.strip().toLowerCase(), "-Dgolden.sha"), false, null);
        }
        String github = env.get("GITHUB_SHA");
        if (github != null && !github.isBlank()) {
            return new SourceRevision(checkSha(github.strip().toLowerCase(), "GITHUB_SHA"), false, null);
        }
        String head = git(workTree, "rev-parse", "HEAD").strip();
        String status = git(workTree, "status", "--porcelain", "--untracked-files=all");
        if (status.isBlank()) {
            return new SourceRevision(checkSha(head, "git rev-parse HEAD"), false, null);
        }
        return new SourceRevision(head, true, changesHash(workTree, status));
    }

    /**
     * As {@link #resolve}, for a build, which packages the working tree whatever sha it is
     * told: with an explicit sha or {@code GITHUB_SHA}, uncommitted changes in a git work tree
     * still make it dirty (so a prod build of a dirty tree cannot pass as a clean commit).
     * Outside a git work tree the given sha is taken as is.
     */
    public static SourceRevision resolveForBuild(String explicitSha, Map<String, String> env, Path workTree) {
        SourceRevision given = resolve(explicitSha, env, workTree);
        boolean explicit = (explicitSha != null && !explicitSha.isBlank())
                || (env.get("GITHUB_SHA") != null && !env.get("GITHUB_SHA").isBlank());
        if (!explicit || given.dirty() || !insideWorkTree(workTree)) {
            return given;
        }
        String status = git(workTree, "status", "--porcelain", "--untracked-files=all");
        if (status.isBlank()) {
            return given;
        }
        return new SourceRevision(given.sha(), true, changesHash(workTree, status));
    }

    /**
     * When the commit was made, for {@code org.opencontainers.image.created}: a rebuild of one
     * commit then carries the same labels. {@code SOURCE_DATE_EPOCH} (reproducible builds) wins;
     * empty outside a git work tree or when the commit is not there (a shallow CI checkout has it).
     */
    public static Optional<Instant> commitTime(String sha, Map<String, String> env, Path workTree) {
        String epoch = env.get("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.strip().matches("\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.strip())));
        }
        try {
            String seconds = git(workTree, "show", "-s", "--format=%ct", sha + "^{commit}")
                    .strip();
            return seconds.matches("\\d{1,12}")
                    ? Optional.of(Instant.ofEpochSecond(Long.parseLong(seconds)))
                    : Optional.empty();
        } catch (GoldenException notAWorkTreeOrUnknownCommit) {
            return Optional.empty();
        }
    }

    /** 12 hex of a hash of what is uncommitted: {@code status} plus the binary diff against HEAD. */
    private static String changesHash(Path workTree, String status) {
        String diff = git(workTree, "diff", "HEAD", "--binary");
        return sha256(status + "\n" + diff).substring(0, 12);
    }

    private static boolean insideWorkTree(Path workTree) {
        try {
            return git(workTree, "rev-parse", "--is-inside-work-tree").strip().equals("true");
        } catch (GoldenException notAWorkTreeOrNoGit) {
            return false;
        }
    }

    private static String checkSha(String sha, String source) {
        if (!SHA.matcher(sha).matches()) {
            throw new GoldenException(
                    "The commit sha '" + sha + "' from " + source + " is not a hex commit id",
                    "give the full commit id, e.g. -Dgolden.sha=$(git rev-parse HEAD)");
        }
        return sha;
    }

    private static String git(Path workTree, String... args) {
        GitCommand.Outcome outcome;
        try {
            outcome = GitCommand.run(workTree, args);
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot run git to find the commit of " + workTree + ": " + e.getMessage(),
                    "install git, or pass the commit as -Dgolden.sha=<sha> (CI: GITHUB_SHA is used when set)");
        }
        if (!outcome.ok()) {
            throw new GoldenException(
                    "`git " + String.join(" ", args) + "` failed in " + workTree + ": "
                            + outcome.output().strip(),
                    "build from a git checkout with at least one commit, or pass -Dgolden.sha=<sha>");
        }
        return outcome.output();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
