package com.meatscentral.golden.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * One image to build: its repository name (without registry, e.g. {@code backend}),
 * the context directory, the Dockerfile (absolute, or relative to the context),
 * an optional target stage, and build arguments.
 */
public record ImageSpec(String name, Path contextDir, Path dockerfile, String target, Map<String, String> buildArgs) {

    public ImageSpec {
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        if (dockerfile == null) {
            dockerfile = Path.of("Dockerfile");
        }
        if (target != null && target.isBlank()) {
            target = null;
        }
    }

    /** The Dockerfile as a path on disk. */
    public Path dockerfilePath() {
        return contextDir.resolve(dockerfile).normalize();
    }
}
