package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.image.BuildRequest;
import com.meatscentral.golden.image.BuildSecrets;
import com.meatscentral.golden.image.BuilderChoice;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.ImagesReport;
import com.meatscentral.golden.image.SourceRevision;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Builds the service's images and tags them {env}-{sha} and {env}-latest for every registry. */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractGoldenMojo {

    static final String BUILD_ARG_PREFIX = "golden.buildArg.";
    /** -Dgolden.dockerfile.IMAGE=FILE: another Dockerfile (relative to the context) for one image, e.g. frontend=Dockerfile.prebuilt. */
    static final String DOCKERFILE_PREFIX = "golden.dockerfile.";

    /** The environment the images are for, e.g. uat2-backend. */
    @Parameter(property = "env")
    private String env;

    /** Images to build; default backend/ and frontend/ of the project. */
    @Parameter
    private List<Image> images;

    /** Which configured images to build, comma-separated. */
    @Parameter(property = "golden.images")
    private String selection;

    /** Registries (host[:port][/namespace]) each image is tagged for. */
    @Parameter(property = "golden.registries", defaultValue = "registry.digitalocean.com/meatscentral")
    private List<String> registries;

    /** The commit the images are built from; default GITHUB_SHA, else git rev-parse HEAD. */
    @Parameter(property = "golden.sha")
    private String sha;

    /** org.opencontainers.image.source; default the GitHub repository URL under Actions, else the POM's scm url. */
    @Parameter(property = "golden.source", defaultValue = "${project.scm.url}")
    private String source;

    /** Build without the engine's layer cache. */
    @Parameter(property = "golden.build.noCache", defaultValue = "false")
    private boolean noCache;

    /** buildkit (the engine's BuildKit through a docker CLI), legacy (docker-java), or auto: BuildKit when the Dockerfile has a --mount or # syntax= line, or build secrets are given. */
    @Parameter(property = "golden.build.builder", defaultValue = "auto")
    private String builder;

    /** Build secrets by CI secret NAME (never a value): NAME or ID=NAME, comma-separated; mounted with RUN --mount=type=secret,id=ID. */
    @Parameter(property = "golden.build.secrets")
    private List<String> buildSecrets;

    /** Longest a BuildKit build of one image may take (ISO-8601). */
    @Parameter(property = "golden.build.timeout", defaultValue = "PT1H")
    private String buildTimeout;

    /** Skips this goal. */
    @Parameter(property = "golden.build.skip", defaultValue = "false")
    public void setBuildSkip(boolean buildSkip) {
        skipGoal(buildSkip);
    }

    /** The image tag: {env}, {target} (the environment's deployment_target in the manifest) and {sha}; the moving tag has "latest" for {sha}. */
    @Parameter(property = "golden.image.tagTemplate", defaultValue = "{env}-{sha}")
    private String tagTemplate;

    /** The manifest, read for {target} of the tag template. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    private File manifest;

    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    private File basedir;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${project.version}", readonly = true)
    private String version;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Override
    protected void run() {
        if ((env == null || env.isBlank()) && boundToLifecycle()) {
            // Tags are per environment; a developer's `mvn verify` has none and needs no images.
            console()
                    .warn("golden:build: no -Denv, so there is no {env}-{sha} tag to build; skipped."
                            + " Pass -Denv=<environment> (e.g. -Denv=dev-backend) to build the images.");
            return;
        }
        Map<String, String> environment = environment();
        List<Image> configured = images == null || images.isEmpty()
                ? List.of(
                        new Image("backend", new File(basedir, "backend")),
                        new Image("frontend", new File(basedir, "frontend")))
                : images;
        List<ImageSpec> specs = new ArrayList<>();
        String template = tagTemplateFor(env);
        Map<String, String> dockerfiles = prefixedProperties(DOCKERFILE_PREFIX);
        for (Image image : ImageSelection.select(configured, selection, i -> i.name)) {
            if (image.name == null || image.name.isBlank()) {
                throw new GoldenException(
                        "An <image> in the golden plugin configuration has no <name>", "add <name>backend</name>");
            }
            File context = image.contextDir != null ? image.contextDir : new File(basedir, image.name);
            String dockerfile =
                    dockerfiles.getOrDefault(image.name, image.dockerfile == null ? "Dockerfile" : image.dockerfile);
            specs.add(new ImageSpec(
                    image.name, context.toPath(), Path.of(dockerfile), image.target, image.buildArgs, template));
        }
        SourceRevision revision = SourceRevision.resolveForBuild(sha, environment, basedir.toPath());
        BuildRequest request = BuildRequest.of(env, specs, registries, revision, b -> {
            b.sourceUrl = sourceUrl(environment);
            b.version = version;
            b.buildArgs = buildArgsFromProperties();
            b.noCache = noCache;
            b.builder = BuilderChoice.parse(builder);
            b.secrets = BuildSecrets.resolve(buildSecrets, environment, redactor::register);
            b.created = SourceRevision.commitTime(revision.sha(), environment, basedir.toPath())
                    .orElse(null);
            b.timeout = parseTimeout();
        });
        // The engine is connected only when a legacy build needs it: a BuildKit client reaches it itself.
        try (ImageBuilder builder = ImageBuilder.connectingWhenNeeded(console(), environment)) {
            List<ImagesReport.Entry> built = builder.buildAll(request);
            Path report = ImagesReport.location(buildDirectory.toPath());
            ImagesReport.merge(report, built);
            for (ImagesReport.Entry entry : built) {
                actions.setOutput(entry.image() + "-tags", String.join("\n", entry.tags()));
                actions.setOutput(entry.image() + "-id", entry.id());
            }
            console().info("Recorded " + built.size() + " image(s) in " + report);
        }
    }

    private java.time.Duration parseTimeout() {
        try {
            return java.time.Duration.parse(buildTimeout);
        } catch (java.time.format.DateTimeParseException e) {
            throw new GoldenException(
                    "-Dgolden.build.timeout=" + buildTimeout + " is not an ISO-8601 duration", "e.g. PT1H or PT20M");
        }
    }

    /** The tag template with {target} filled in from the manifest (the environment's deployment_target, else its name). */
    private String tagTemplateFor(String environment) {
        String template = com.meatscentral.golden.image.ImageTags.checkTemplate(tagTemplate);
        if (!template.contains("{target}")) {
            return template;
        }
        String target = manifest != null && manifest.isFile() && environment != null
                ? com.meatscentral.golden.manifest.ManifestLoader.load(manifest.toPath())
                        .environment(environment)
                        .deploymentTarget()
                        .orElse(environment)
                : environment;
        return template.replace("{target}", target);
    }

    private String sourceUrl(Map<String, String> environment) {
        String repo = environment.get("GITHUB_REPOSITORY");
        if ((source == null || source.isBlank()) && repo != null && !repo.isBlank()) {
            return environment.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + repo;
        }
        return source;
    }

    /** -Dgolden.buildArg.NAME=value, from the command line (user properties) and system properties. */
    private Map<String, String> buildArgsFromProperties() {
        return prefixedProperties(BUILD_ARG_PREFIX);
    }

    /** Properties {@code PREFIX + NAME}, by NAME, from the command line (user properties) and system properties. */
    private Map<String, String> prefixedProperties(String prefix) {
        Map<String, String> args = new LinkedHashMap<>();
        List<Properties> sources = new ArrayList<>();
        sources.add(System.getProperties());
        if (session != null) {
            sources.add(session.getSystemProperties());
            sources.add(session.getUserProperties());
        }
        for (Properties props : sources) {
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith(prefix) && key.length() > prefix.length()) {
                    args.put(key.substring(prefix.length()), props.getProperty(key));
                }
            }
        }
        return args;
    }
}
