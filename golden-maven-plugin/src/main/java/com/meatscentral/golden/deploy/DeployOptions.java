package com.meatscentral.golden.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What golden:deploy, golden:rollback, golden:status and golden:unlock are given.
 *
 * @param sha            the commit whose image to deploy ({@code -Dgolden.sha}, else the checkout's HEAD); null
 *                       for golden:status and golden:unlock, and for golden:rollback (its target is a parameter of its own)
 * @param dirtyTree      the checkout has uncommitted changes (prod refuses it)
 * @param registry       e.g. {@code registry.digitalocean.com/meatscentral}
 * @param backendImage   image name of backend environments, e.g. {@code pm-backend}
 * @param frontendImage  image name of frontend environments
 * @param recordedDigest the digest golden:push recorded for an image reference, if known
 * @param volumes        extra {@code -v} specs for the container
 * @param nginxSitePath  the host nginx site file frontends install
 * @param who            who deploys (GITHUB_ACTOR, else the OS user), for lock and history
 * @param runUrl         the CI run's URL, when in CI
 * @param skipMigrate    backend deploys skip the migration step ({@code -Dgolden.migrate.skip})
 * @param roles          role bindings from the POM ({@code golden.roles}), on top of the manifest's
 * @param tagTemplate    the image tag template ({@code {env}-{sha}} unless configured)
 *     <p>Made by component name: {@code DeployOptions.of(b -> { b.manifest = ...; b.env = "dev-backend"; ... })}.
 */
public record DeployOptions(
        Path manifest,
        String env,
        String sha,
        boolean dirtyTree,
        String registry,
        String backendImage,
        String frontendImage,
        Function<String, Optional<String>> recordedDigest,
        HealthPolicy health,
        Duration lockWait,
        List<String> volumes,
        String nginxSitePath,
        String who,
        String runUrl,
        boolean skipMigrate,
        Map<String, String> processEnv,
        Map<String, String> roles,
        String tagTemplate) {

    public DeployOptions {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        processEnv = processEnv == null ? Map.of() : processEnv;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        tagTemplate = com.meatscentral.golden.image.ImageTags.checkTemplate(tagTemplate);
        if (recordedDigest == null) {
            recordedDigest = image -> Optional.empty();
        }
    }

    /** {@code {registry}/{image}:{env}-{sha}} (or the tag template's), the immutable tag golden:build and golden:push made. */
    public String imageFor(com.meatscentral.golden.manifest.Environment environment, String commit) {
        return image(environment.isBackend(), environment.deploymentTarget().orElse(env), commit);
    }

    /** As {@link #imageFor(com.meatscentral.golden.manifest.Environment, String)} for an environment without deployment_target. */
    public String imageFor(boolean backend, String commit) {
        return image(backend, env, commit);
    }

    /** {@code {registry}/{name}:{tag}}, the tag from the template with {@code {target}} = {@code target}. */
    private String image(boolean backend, String target, String commit) {
        String name = backend ? backendImage : frontendImage;
        String base = registry == null || registry.isBlank() ? name : registry.replaceAll("/+$", "") + "/" + name;
        return base + ":" + com.meatscentral.golden.image.ImageTags.tag(tagTemplate, env, target, commit);
    }

    /** The registry host a login is for: the part of {@link #registry} before the first '/'. */
    public String registryHost() {
        if (registry == null || registry.isBlank()) {
            return null;
        }
        int slash = registry.indexOf('/');
        return slash < 0 ? registry : registry.substring(0, slash);
    }

    @Override
    public String toString() {
        // processEnv holds the CI secrets: never in a toString.
        return "DeployOptions[" + env + " " + sha + (dirtyTree ? " dirty" : "") + " from " + registry + "]";
    }

    /** Options set by component name in {@code settings}; {@link Builder#build()} says which required one is missing. */
    public static DeployOptions of(Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(), settings, Builder::build);
    }

    /**
     * A {@link DeployOptions} being made: one public field per component, named as the record's.
     * Required: {@code manifest}, {@code env}, {@code health} and {@code lockWait}; the
     * others default to none (no registry, no volumes, no recorded digest, no roles, the default tag).
     */
    public static final class Builder {
        public Path manifest;
        public String env;
        public String sha;
        public boolean dirtyTree;
        public String registry;
        public String backendImage;
        public String frontendImage;
        public Function<String, Optional<String>> recordedDigest;
        public HealthPolicy health;
        public Duration lockWait;
        public List<String> volumes = List.of();
        public String nginxSitePath;
        public String who;
        public String runUrl;
        public boolean skipMigrate;
        public Map<String, String> processEnv = Map.of();
        public Map<String, String> roles = Map.of();
        public String tagTemplate;

        private Builder() {}

        public DeployOptions build() {
            Required.of("DeployOptions")
                    .and("manifest", manifest)
                    .and("env", env)
                    .and("health", health)
                    .and("lockWait", lockWait)
                    .check();
            return new DeployOptions(
                    manifest,
                    env,
                    sha,
                    dirtyTree,
                    registry,
                    backendImage,
                    frontendImage,
                    recordedDigest,
                    health,
                    lockWait,
                    volumes,
                    nginxSitePath,
                    who,
                    runUrl,
                    skipMigrate,
                    processEnv,
                    roles,
                    tagTemplate);
        }
    }
}
