package com.meatscentral.golden.image;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What to build: the images, for one environment, from one revision, and how. */
public record BuildRequest(
        String env,
        List<ImageSpec> images,
        List<String> registries,
        SourceRevision revision,
        String sourceUrl,
        String version,
        Map<String, String> extraBuildArgs,
        boolean noCache,
        BuilderChoice builder,
        BuildSecrets secrets,
        Instant created,
        Duration timeout) {
    public BuildRequest {
        images = List.copyOf(images);
        registries = List.copyOf(registries);
        extraBuildArgs = extraBuildArgs == null ? Map.of() : Map.copyOf(extraBuildArgs);
        builder = builder == null ? BuilderChoice.AUTO : builder;
        secrets = secrets == null ? BuildSecrets.NONE : secrets;
        timeout = timeout == null ? ImageBuilder.DEFAULT_TIMEOUT : timeout;
    }

    public BuildRequest(
            String env,
            List<ImageSpec> images,
            List<String> registries,
            SourceRevision revision,
            String sourceUrl,
            String version,
            Map<String, String> extraBuildArgs,
            boolean noCache) {
        this(env, images, registries, revision, sourceUrl, version, extraBuildArgs, noCache, null, null, null, null);
    }

    public BuildRequest(
            String env,
            List<ImageSpec> images,
            List<String> registries,
            SourceRevision revision,
            String sourceUrl,
            String version,
            Map<String, String> extraBuildArgs) {
        this(env, images, registries, revision, sourceUrl, version, extraBuildArgs, false);
    }

    public static Builder builder(
            String env, List<ImageSpec> images, List<String> registries, SourceRevision revision) {
        return new Builder(env, images, registries, revision);
    }

    /** Reads as the build it describes: {@code BuildRequest.builder(env, images, registries, rev).noCache(true).build()}. */
    public static final class Builder {
        private final String env;
        private final List<ImageSpec> images;
        private final List<String> registries;
        private final SourceRevision revision;
        private String sourceUrl;
        private String version;
        private Map<String, String> buildArgs = Map.of();
        private boolean noCache;
        private BuilderChoice builder = BuilderChoice.AUTO;
        private BuildSecrets secrets = BuildSecrets.NONE;
        private Instant created;
        private Duration timeout;

        private Builder(String env, List<ImageSpec> images, List<String> registries, SourceRevision revision) {
            this.env = env;
            this.images = images;
            this.registries = registries;
            this.revision = revision;
        }

        public Builder sourceUrl(String url) {
            this.sourceUrl = url;
            return this;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }
        /** -Dgolden.buildArg.*: override each image's own build args. */
        public Builder buildArgs(Map<String, String> args) {
            this.buildArgs = args;
            return this;
        }

        public Builder noCache(boolean value) {
            this.noCache = value;
            return this;
        }

        public Builder builder(BuilderChoice choice) {
            this.builder = choice;
            return this;
        }

        public Builder secrets(BuildSecrets value) {
            this.secrets = value;
            return this;
        }
        /** org.opencontainers.image.created: the commit's time, so a rebuild of one commit has the same labels; null: now. */
        public Builder created(Instant time) {
            this.created = time;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(
                    env,
                    images,
                    registries,
                    revision,
                    sourceUrl,
                    version,
                    buildArgs,
                    noCache,
                    builder,
                    secrets,
                    created,
                    timeout);
        }
    }
}
