package com.meatscentral.golden.image;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds images, each with the builder it needs ({@link BuilderChoice}): the engine's BuildKit
 * through a docker CLI ({@link BuildKitBuild}) or the legacy builder through docker-java
 * ({@link LegacyBuild}). Either way the same outputs: tags for every registry ({@link ImageTags}),
 * OCI labels (revision, source, created from the commit time, version), one progress line per
 * step, and the image id from the BuildKit client's {@code --iidfile} or an inspect of the first
 * tag (never from the build text). The engine connection (docker-java) is only asked for when a
 * build needs it: a BuildKit client talks to the engine itself.
 */
public final class ImageBuilder implements AutoCloseable {

    static final int TAIL_LINES = 15;
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private final Supplier<DockerClient> engine;
    private final boolean ownsEngine;
    private final Console console;
    private final Map<String, String> environment;
    private DockerClient docker;
    private Optional<DockerCli> cli;
    private List<String> cliRejected = List.of();

    /** Builds through {@code docker}, which the caller owns (and closes). */
    public ImageBuilder(DockerClient docker, Console console) {
        this(docker, console, System.getenv());
    }

    /**
     * @param docker the engine connection, owned by the caller
     * @param environment the process environment: PATH to find a docker CLI, DOCKER_HOST for it
     */
    public ImageBuilder(DockerClient docker, Console console, Map<String, String> environment) {
        this(() -> docker, false, console, environment);
    }

    private ImageBuilder(
            Supplier<DockerClient> engine, boolean ownsEngine, Console console, Map<String, String> environment) {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.console = console;
        this.environment = Map.copyOf(environment);
    }

    /**
     * A builder for one goal run that connects to the engine {@code DOCKER_HOST} names in
     * {@code environment} only when a build needs docker-java: a legacy build (connected before
     * the first build, so an unreachable engine fails before anything is built) or an image id the
     * BuildKit client did not write. A run whose images all build with BuildKit never connects:
     * in a fresh JVM docker-java's client, its classes and the ping cost about a second, more than
     * a warm BuildKit build, and the client process reaches the engine by itself. {@link #close()}
     * closes the connection this builder opened.
     */
    public static ImageBuilder connectingWhenNeeded(Console console, Map<String, String> environment) {
        return connectingWhenNeeded(console, environment, () -> DockerClients.connect(environment));
    }

    /** As {@link #connectingWhenNeeded(Console, Map)}, connecting with {@code connect}. */
    static ImageBuilder connectingWhenNeeded(
            Console console, Map<String, String> environment, Supplier<DockerClient> connect) {
        return new ImageBuilder(connect, true, console, environment);
    }

    /** The engine connection, opened on the first call. */
    private DockerClient docker() {
        if (docker == null) {
            docker = engine.get();
        }
        return docker;
    }

    /** Closes the engine connection when this builder opened it; a caller's own stays open. */
    @Override
    public void close() {
        if (ownsEngine && docker != null) {
            DockerClients.closeQuietly(docker);
            docker = null;
        }
    }

    /** Builds every image of the request in order; stops at the first failure. */
    public List<ImagesReport.Entry> buildAll(BuildRequest request) {
        // Every input is checked before the first (slow) build starts.
        Map<ImageSpec, List<String>> tags = new LinkedHashMap<>();
        Map<ImageSpec, Boolean> buildKit = new LinkedHashMap<>();
        for (ImageSpec spec : request.images()) {
            ImageReference.parse(spec.name(), "image name");
            tags.put(
                    spec,
                    ImageTags.compute(
                            request.env(), spec.name(), spec.tagTemplate(), request.registries(), request.revision()));
            BuildContext.checkedDockerfile(spec);
            buildKit.put(spec, useBuildKit(request, spec));
        }
        if (buildKit.containsValue(false)) {
            docker(); // an unreachable engine fails the run before the first build, not between two
        }
        List<ImagesReport.Entry> built = new ArrayList<>();
        for (ImageSpec spec : request.images()) {
            built.add(build(request, spec, tags.get(spec), buildKit.get(spec)));
        }
        return built;
    }

    /** BuildKit or legacy for {@code spec}; fails when BuildKit is needed and no client can drive it. */
    boolean useBuildKit(BuildRequest request, ImageSpec spec) {
        Optional<String> reason = switch (request.builder()) {
            case LEGACY -> Optional.empty();
            case BUILDKIT -> Optional.of("-Dgolden.build.builder=buildkit");
            case AUTO ->
                request.secrets().isEmpty()
                        ? DockerfileFeatures.needsBuildKit(BuildContext.checkedDockerfile(spec))
                                .map(why -> spec.dockerfilePath() + " " + why)
                        : Optional.of("build secrets " + request.secrets().ids());
        };
        if (request.builder() == BuilderChoice.LEGACY && !request.secrets().isEmpty()) {
            throw new GoldenException(
                    "Build secrets " + request.secrets().ids() + " need BuildKit, but -Dgolden.build.builder=legacy",
                    "build with -Dgolden.build.builder=buildkit (or auto), or drop -Dgolden.build.secrets");
        }
        if (reason.isEmpty()) {
            return false;
        }
        if (cli == null) {
            DockerCli.Search search = DockerCli.find(environment);
            cli = search.cli();
            cliRejected = search.rejected();
        }
        if (cli.isEmpty()) {
            throw new GoldenException(
                    "Image " + spec.name() + " needs BuildKit (" + reason.get()
                            + ") but no docker client on the PATH can drive it"
                            + (cliRejected.isEmpty()
                                    ? " (there is no docker on the PATH)"
                                    : ": " + String.join("; ", cliRejected)),
                    "install a docker client 18.09-22.x (Debian: apt-get install docker.io) or one with the buildx plugin,"
                            + " or drop the BuildKit-only lines and build with -Dgolden.build.builder=legacy");
        }
        return true;
    }

    ImagesReport.Entry build(BuildRequest request, ImageSpec spec, List<String> tags, boolean buildKit) {
        Map<String, String> labels = labels(request);
        Map<String, String> args = new LinkedHashMap<>(spec.buildArgs());
        args.putAll(request.extraBuildArgs());
        console.info("Building " + spec.name() + " from " + spec.contextDir()
                + (spec.target() == null ? "" : " (target " + spec.target() + ")") + " as " + tags.get(0)
                + (buildKit ? " with BuildKit (" + cli.get() + ")" : ""));
        long started = System.nanoTime();
        Optional<String> built;
        if (buildKit) {
            built = new BuildKitBuild(cli.get(), environment, console, request.timeout())
                    .build(spec, tags, labels, args, request.noCache(), request.secrets());
        } else {
            new LegacyBuild(docker(), console).build(spec, tags, labels, args, request.noCache());
            built = Optional.empty(); // docker-java reads no image id from the engine's aux message
        }
        String id = built.orElseGet(() -> LegacyBuild.inspectedId(docker(), spec, tags.get(0)));
        console.info("Built " + spec.name() + " " + id + " in " + (System.nanoTime() - started) / 1_000_000 / 1000.0
                + " s: " + String.join(", ", tags));
        return new ImagesReport.Entry(
                request.env(), spec.name(), request.revision().tagPart(), tags, id, Map.of());
    }

    static Map<String, String> labels(BuildRequest request) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", request.revision().tagPart());
        if (request.sourceUrl() != null && !request.sourceUrl().isBlank()) {
            labels.put("org.opencontainers.image.source", request.sourceUrl());
        }
        Instant created = request.created() != null ? request.created() : Instant.now();
        labels.put(
                "org.opencontainers.image.created",
                created.truncatedTo(ChronoUnit.SECONDS).toString());
        if (request.version() != null) {
            labels.put("org.opencontainers.image.version", request.version());
        }
        return labels;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
