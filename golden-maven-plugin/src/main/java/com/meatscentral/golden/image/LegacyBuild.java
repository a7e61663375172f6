package com.meatscentral.golden.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One image built by the engine's legacy builder through docker-java, from a streamed context
 * ({@link BuildContext}): for engines without BuildKit and Dockerfiles that do not need it.
 */
final class LegacyBuild {

    private final DockerClient docker;
    private final Console console;

    LegacyBuild(DockerClient docker, Console console) {
        this.docker = docker;
        this.console = console;
    }

    /**
     * The id of the image {@code tag} names, from an inspect: docker-java drops the engine's id
     * message of a legacy build. Here, not in {@link ImageBuilder}, so a run of BuildKit builds
     * (whose client writes the id) loads none of docker-java's classes.
     */
    static String inspectedId(DockerClient docker, ImageSpec spec, String tag) {
        try {
            return docker.inspectImageCmd(tag).exec().getId();
        } catch (NotFoundException e) {
            throw new GoldenException(
                    "The build of " + spec.name() + " ended without error but " + tag + " does not exist in the engine",
                    "run the build again with -X and look at the engine's log");
        }
    }

    void build(
            ImageSpec spec, List<String> tags, Map<String, String> labels, Map<String, String> args, boolean noCache) {
        StepCallback callback = new StepCallback(console);
        try (BuildContext context = BuildContext.open(spec)) {
            var cmd = docker.buildImageCmd()
                    .withTarInputStream(context.stream())
                    .withDockerfilePath(context.dockerfileInTar())
                    .withTags(new LinkedHashSet<>(tags))
                    .withLabels(labels)
                    .withRemove(true)
                    .withNoCache(noCache);
            if (spec.target() != null) {
                cmd.withTarget(spec.target());
            }
            args.forEach(cmd::withBuildArg);
            try {
                cmd.exec(callback).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("Build of " + spec.name() + " interrupted", null);
            } catch (RuntimeException e) {
                if (callback.error == null) {
                    throw failure(spec, context, callback, ImageBuilder.rootMessage(e), e);
                }
            }
            if (callback.error == null && callback.streamError != null) {
                throw failure(
                        spec, context, callback, ImageBuilder.rootMessage(callback.streamError), callback.streamError);
            }
            if (callback.error != null) {
                throw failure(spec, context, callback, callback.error, null);
            }
        }
    }

    private static GoldenException failure(
            ImageSpec spec, BuildContext context, StepCallback callback, String error, Throwable cause) {
        Throwable contextFailure = context.failure();
        if (contextFailure != null) {
            return new GoldenException(
                    "Cannot send the build context of " + spec.name() + " (" + spec.contextDir() + "): "
                            + ImageBuilder.rootMessage(contextFailure),
                    "check that every file in the context is readable, or exclude it in .dockerignore",
                    contextFailure);
        }
        StringBuilder message = new StringBuilder("Build of image " + spec.name() + " failed");
        if (callback.step != null) {
            message.append(" at ").append(callback.step);
        }
        message.append(": ").append(error.strip());
        if (!callback.tail.isEmpty()) {
            message.append(System.lineSeparator()).append("  last output:");
            callback.tail.forEach(
                    l -> message.append(System.lineSeparator()).append("    ").append(l));
        }
        return new GoldenException(
                message.toString(),
                "fix the step in " + spec.dockerfilePath() + " (run with -X for the whole output)",
                cause);
    }

    /** One info line per Dockerfile step; the rest at debug, the last lines kept for a failure. */
    static final class StepCallback extends EngineCallback<BuildResponseItem> {
        private final Console console;
        private final Deque<String> tail = new ArrayDeque<>();
        private final StringBuilder partial = new StringBuilder();
        volatile String step;

        StepCallback(Console console) {
            this.console = console;
        }

        @Override
        void item(BuildResponseItem item) {
            if (item.getStream() != null) {
                partial.append(item.getStream());
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    line(partial.substring(0, nl).stripTrailing());
                    partial.delete(0, nl + 1);
                }
            }
        }

        private void line(String line) {
            if (line.isBlank()) {
                return;
            }
            if (line.startsWith("Step ")) {
                step = line;
                tail.clear();
                console.info("  " + line);
            } else {
                console.debug("    " + line);
                tail.addLast(line);
                if (tail.size() > ImageBuilder.TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        }
    }
}
