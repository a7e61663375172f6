package com.meatscentral.golden.rules;

import com.meatscentral.golden.GitCommand;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * golden:verify's migration-safety rule: the Django migration files added or changed since a
 * git ref ({@code golden.verify.migrationsSince}, e.g. the pull request's target branch) are
 * classified by {@link MigrationSafety}; every breaking operation is a violation at its line.
 * Without a ref the rule checks nothing (a project's history is not re-judged on every build).
 * A deliberate breaking migration is accepted with {@code # golden:allow migration-safety <why>}
 * on the operation's line or the line above.
 */
public final class MigrationSafetyRule implements Rule {

    private final String since;

    public MigrationSafetyRule(String since) {
        this.since = since == null ? "" : since.strip();
    }

    @Override
    public String id() {
        return "migration-safety";
    }

    @Override
    public String reason() {
        return "during a zero-downtime deploy the previous version still runs on the new schema: a migration must not break it";
    }

    @Override
    public String fix() {
        return "split it: expand now (additive, nullable), contract in a later deploy";
    }

    /** A migration module: a .py file other than __init__.py directly in a {@code migrations} directory. */
    public static boolean isMigration(String path) {
        String dir = ProjectTree.directory(path);
        String name = ProjectTree.fileName(path);
        return name.endsWith(".py")
                && !name.equals("__init__.py")
                && ProjectTree.fileName(dir).equals("migrations");
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        if (since.isEmpty()) {
            return List.of();
        }
        Set<String> changed = changedSince(tree.root(), since);
        List<MigrationSafety.Source> pending = new ArrayList<>();
        List<MigrationSafety.Source> known = new ArrayList<>();
        Set<String> appDirs = new HashSet<>();
        tree.files(MigrationSafetyRule::isMigration)
                .filter(changed::contains)
                .forEach(p -> appDirs.add(ProjectTree.directory(ProjectTree.directory(p))));
        tree.files(MigrationSafetyRule::isMigration)
                .filter(p -> appDirs.contains(ProjectTree.directory(ProjectTree.directory(p))))
                .forEach(p -> {
                    // The app's directory stands for its label: two apps never share a migrations directory.
                    MigrationSafety.Source s = new MigrationSafety.Source(
                            p,
                            ProjectTree.directory(ProjectTree.directory(p)),
                            ProjectTree.fileName(p).replaceFirst("\\.py$", ""),
                            tree.text(p).orElse(""));
                    (changed.contains(p) ? pending : known).add(s);
                });
        List<Violation> out = new ArrayList<>();
        for (MigrationSafety.Classified c : MigrationSafety.classify(pending, known)) {
            for (MigrationSafety.Operation op : c.breakingOperations()) {
                out.add(violation(
                        c.migration().path(), op.line(), op.operation() + " is breaking: " + op.reason(), op.split()));
            }
        }
        return out;
    }

    /**
     * Files added, modified or renamed since the merge base of {@code ref} and HEAD (committed or
     * not), plus untracked ones, relative to {@code root}.
     */
    static Set<String> changedSince(Path root, String ref) {
        String base = git(root, ref, "merge-base", ref, "HEAD").strip();
        Set<String> files = new HashSet<>();
        for (String f : git(root, ref, "diff", "--name-only", "--relative", "--diff-filter=AMR", "-z", base, "--")
                .split("\0")) {
            if (!f.isEmpty()) {
                files.add(f);
            }
        }
        for (String f : git(root, ref, "ls-files", "--others", "--exclude-standard", "-z")
                .split("\0")) {
            if (!f.isEmpty()) {
                files.add(f);
            }
        }
        return files;
    }

    private static String git(Path root, String ref, String... args) {
        GitCommand.Outcome outcome;
        try {
            outcome = GitCommand.run(root, args);
        } catch (IOException e) {
            throw new GoldenException(
                    "golden.verify.migrationsSince needs git, which cannot run here: " + e.getMessage(),
                    "install git, or leave golden.verify.migrationsSince empty");
        }
        if (!outcome.ok()) {
            throw new GoldenException(
                    "golden.verify.migrationsSince=" + ref + ": `git " + String.join(" ", args) + "` failed in " + root
                            + ": " + outcome.output().strip(),
                    "give a ref this clone has (e.g. origin/main); in GitHub Actions check out with fetch-depth: 0");
        }
        return outcome.output();
    }
}
