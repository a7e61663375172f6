package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.image.ImageTags;

/** Production environments ({@code prod*}) deploy only a clean commit's immutable tag. */
public final class ProdGuard {

    private ProdGuard() {}

    /**
     * @param dirtyTree true when the working tree has uncommitted changes (false when the sha
     *                  was given explicitly or by CI: the image then already exists)
     */
    public static void check(String env, String image, String sha, boolean dirtyTree) {
        if (!ImageTags.isProduction(env)) {
            return;
        }
        ImageTags.requireImmutableForProduction(env, image);
        if (image.endsWith("-latest") || "latest".equalsIgnoreCase(sha)) {
            throw new GoldenException(
                    "refusing to deploy " + image + " to " + env + ": production never runs a `latest` tag",
                    "deploy an immutable {env}-{sha} tag: -Dgolden.sha=<commit>");
        }
        if (dirtyTree) {
            throw new GoldenException(
                    "refusing to deploy to " + env + " from a working tree with uncommitted changes",
                    "commit or stash the changes (the image must match a commit), or pass -Dgolden.sha of a pushed build");
        }
    }
}
