package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.util.Locale;

/**
 * Which builder makes the images ({@code -Dgolden.build.builder}): the engine's BuildKit through
 * the docker CLI, the legacy builder through docker-java, or {@code auto}: BuildKit when the
 * Dockerfile needs it ({@link DockerfileFeatures}) or build secrets are asked for, else legacy.
 */
public enum BuilderChoice {
    AUTO,
    BUILDKIT,
    LEGACY;

    public static BuilderChoice parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GoldenException(
                    "-Dgolden.build.builder=" + value + " is not a builder",
                    "use buildkit, legacy or auto (auto: BuildKit when the Dockerfile has a --mount or # syntax= line)");
        }
    }
}
