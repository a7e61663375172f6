package com.meatscentral.golden.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * One image to build: its repository name (without registry, e.g. {@code backend}),
 * the context directory, the Dockerfile (absolute, or relative to the context; e.g. the repository
 * root as context and {@code backend/Dockerfile}), an optional target stage, build arguments, and
 * the tag template ({@link ImageTags#DEFAULT_TEMPLATE} unless configured; {@code {target}} filled in).
 */
public record ImageSpec(
        String name,
        Path contextDir,
        Path dockerfile,
        String target,
        Map<String, String> buildArgs,
        String tagTemplate) {

    public ImageSpec(String name, Path contextDir, Path dockerfile, String target, Map<String, String> buildArgs) {
        this(name, contextDir, dockerfile, target, buildArgs, ImageTags.DEFAULT_TEMPLATE);
    }

    public ImageSpec {
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        if (dockerfile == null) {
            dockerfile = Path.of("Dockerfile");
        }
        if (target != null && target.isBlank()) {
            target = null;
        }
        tagTemplate = ImageTags.checkTemplate(tagTemplate);
    }

    /** The Dockerfile as a path on disk. */
    public Path dockerfilePath() {
        return contextDir.resolve(dockerfile).normalize();
    }
}
