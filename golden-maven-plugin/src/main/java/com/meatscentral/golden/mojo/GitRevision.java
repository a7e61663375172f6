package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The commit to deploy: -Dgolden.sha, else GITHUB_SHA, else the checkout's HEAD (and whether it is dirty). */
record GitRevision(String sha, boolean dirty) {

    static GitRevision resolve(String explicit, Map<String, String> env, Path workTree) {
        if (explicit != null && !explicit.isBlank()) {
            return new GitRevision(explicit.strip(), false);
        }
        String ci = env.get("GITHUB_SHA");
        String head = ci != null && !ci.isBlank() ? ci.strip() : git(workTree, "rev-parse", "HEAD").strip();
        boolean dirty = !git(workTree, "status", "--porcelain", "--untracked-files=no").isBlank();
        return new GitRevision(head, dirty);
    }

    private static String git(Path dir, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "git";
        argv[1] = "-C";
        argv[2] = dir.toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new GoldenException("cannot tell which commit to deploy: git " + String.join(" ", args) + " in " + dir
                        + " failed: " + out.strip(), "pass -Dgolden.sha=<commit> of a pushed image");
            }
            return out;
        } catch (IOException e) {
            throw new GoldenException("cannot tell which commit to deploy: git is not available (" + e.getMessage() + ")",
                    "pass -Dgolden.sha=<commit> of a pushed image");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("interrupted while running git");
        }
    }
}
