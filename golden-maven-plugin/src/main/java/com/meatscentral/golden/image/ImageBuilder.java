package com.meatscentral.golden.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Builds images with docker-java from a streamed context ({@link BuildContext}), tags them
 * for every registry ({@link ImageTags}), labels them (OCI revision, source, created, version),
 * and takes the image id from an inspect of the first tag (never from the build text).
 */
public final class ImageBuilder {

    /** What to build: the images, for one environment, from one revision. */
    public record Request(String env, List<ImageSpec> images, List<String> registries, SourceRevision revision,
                          String sourceUrl, String version, Map<String, String> extraBuildArgs, boolean noCache) {
        public Request {
            images = List.copyOf(images);
            registries = List.copyOf(registries);
            extraBuildArgs = extraBuildArgs == null ? Map.of() : Map.copyOf(extraBuildArgs);
        }

        /** Without the layer cache: {@code -Dgolden.build.noCache}. */
        public Request(String env, List<ImageSpec> images, List<String> registries, SourceRevision revision,
                       String sourceUrl, String version, Map<String, String> extraBuildArgs) {
            this(env, images, registries, revision, sourceUrl, version, extraBuildArgs, false);
        }
    }

    static final int TAIL_LINES = 15;

    private final DockerClient docker;
    private final Console console;

    public ImageBuilder(DockerClient docker, Console console) {
        this.docker = docker;
        this.console = console;
    }

    /** Builds every image of the request in order; stops at the first failure. */
    public List<ImagesReport.Entry> buildAll(Request request) {
        // Every input is checked before the first (slow) build starts.
        Map<ImageSpec, List<String>> tags = new LinkedHashMap<>();
        for (ImageSpec spec : request.images()) {
            ImageReference.parse(spec.name(), "image name");
            tags.put(spec, ImageTags.compute(request.env(), spec.name(), spec.tagTemplate(), request.registries(), request.revision()));
        }
        List<ImagesReport.Entry> built = new ArrayList<>();
        for (ImageSpec spec : request.images()) {
            built.add(build(request, spec, tags.get(spec)));
        }
        return built;
    }

    ImagesReport.Entry build(Request request, ImageSpec spec, List<String> tags) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", request.revision().tagPart());
        if (request.sourceUrl() != null && !request.sourceUrl().isBlank()) {
            labels.put("org.opencontainers.image.source", request.sourceUrl());
        }
        labels.put("org.opencontainers.image.created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (request.version() != null) {
            labels.put("org.opencontainers.image.version", request.version());
        }
        Map<String, String> args = new LinkedHashMap<>(spec.buildArgs());
        args.putAll(request.extraBuildArgs());

        console.info("Building " + spec.name() + " from " + spec.contextDir()
                + (spec.target() == null ? "" : " (target " + spec.target() + ")") + " as " + tags.get(0));
        long started = System.nanoTime();
        StepCallback callback = new StepCallback(console);
        try (BuildContext context = BuildContext.open(spec)) {
            var cmd = docker.buildImageCmd()
                    .withTarInputStream(context.stream())
                    .withDockerfilePath(context.dockerfileInTar())
                    .withTags(new LinkedHashSet<>(tags))
                    .withLabels(labels)
                    .withRemove(true)
                    .withNoCache(request.noCache());
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
                    throw failure(spec, context, callback, rootMessage(e), e);
                }
            }
            if (callback.error == null && callback.streamError != null) {
                throw failure(spec, context, callback, rootMessage(callback.streamError), callback.streamError);
            }
            if (callback.error != null) {
                throw failure(spec, context, callback, callback.error, null);
            }
        }
        String id;
        try {
            id = docker.inspectImageCmd(tags.get(0)).exec().getId();
        } catch (NotFoundException e) {
            throw new GoldenException("The build of " + spec.name() + " ended without error but " + tags.get(0)
                    + " does not exist in the engine", "run the build again with -X and look at the engine's log");
        }
        console.info("Built " + spec.name() + " " + id + " in " + (System.nanoTime() - started) / 1_000_000 / 1000.0 + " s: "
                + String.join(", ", tags));
        return new ImagesReport.Entry(request.env(), spec.name(), request.revision().tagPart(), tags, id, Map.of());
    }

    private static GoldenException failure(ImageSpec spec, BuildContext context, StepCallback callback, String error, Throwable cause) {
        Throwable contextFailure = context.failure();
        if (contextFailure != null) {
            return new GoldenException("Cannot send the build context of " + spec.name() + " (" + spec.contextDir() + "): "
                    + rootMessage(contextFailure), "check that every file in the context is readable, or exclude it in .dockerignore", contextFailure);
        }
        StringBuilder message = new StringBuilder("Build of image " + spec.name() + " failed");
        if (callback.step != null) {
            message.append(" at ").append(callback.step);
        }
        message.append(": ").append(error.strip());
        if (!callback.tail.isEmpty()) {
            message.append(System.lineSeparator()).append("  last output:");
            callback.tail.forEach(l -> message.append(System.lineSeparator()).append("    ").append(l));
        }
        return new GoldenException(message.toString(), "fix the step in " + spec.dockerfilePath()
                + " (run with -X for the whole output)", cause);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** One info line per Dockerfile step; the rest at debug, the last lines kept for a failure. */
    static final class StepCallback extends ResultCallback.Adapter<BuildResponseItem> {
        private final Console console;
        private final Deque<String> tail = new ArrayDeque<>();
        private final StringBuilder partial = new StringBuilder();
        volatile String step;
        volatile String error;
        volatile Throwable streamError;

        StepCallback(Console console) {
            this.console = console;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                partial.append(item.getStream());
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    line(partial.substring(0, nl).stripTrailing());
                    partial.delete(0, nl + 1);
                }
            }
            if (item.getErrorDetail() != null || item.getError() != null) {
                String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                if (error == null) {
                    error = message;
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
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            streamError = throwable;
            super.onError(throwable);
        }
    }
}
