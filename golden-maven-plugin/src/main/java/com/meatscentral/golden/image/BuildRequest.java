package com.meatscentral.golden.image;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /**
     * A request for {@code images} of {@code env} from {@code revision}, with the optional
     * components set by name: {@code BuildRequest.of("dev", images, registries, rev, b -> b.noCache = true)}.
     */
    public static BuildRequest of(
            String env,
            List<ImageSpec> images,
            List<String> registries,
            SourceRevision revision,
            Consumer<Builder> settings) {
        Builder b = new Builder();
        settings.accept(b);
        return new BuildRequest(
                env,
                images,
                registries,
                revision,
                b.sourceUrl,
                b.version,
                b.buildArgs,
                b.noCache,
                b.builder,
                b.secrets,
                b.created,
                b.timeout);
    }

    /**
     * The optional components of a {@link BuildRequest} being built: one public field each, named as
     * the record's, holding the default until set (null: the record's default).
     */
    public static final class Builder {
        /** org.opencontainers.image.source. */
        public String sourceUrl;

        public String version;
        /** -Dgolden.buildArg.*: override each image's own build args. */
        public Map<String, String> buildArgs = Map.of();

        public boolean noCache;
        public BuilderChoice builder = BuilderChoice.AUTO;
        public BuildSecrets secrets = BuildSecrets.NONE;
        /** org.opencontainers.image.created: the commit's time, so a rebuild of one commit has the same labels; null: now. */
        public Instant created;

        public Duration timeout;

        private Builder() {}
    }
}
