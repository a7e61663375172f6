package com.meatscentral.golden.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * One deployment environment of the manifest, e.g. {@code uat2-backend}.
 *
 * @param name              the manifest's key, e.g. {@code uat2}
 * @param type              backend or frontend: decides which variable categories apply
 * @param prefix            secret-name prefix, e.g. {@code STAGING}
 * @param djangoSettings    the Django settings module (backends)
 * @param githubEnvironment the GitHub environment holding its secrets; defaults to {@code name}
 * @param branch            the branch that deploys it
 * @param url               the public URL (frontends)
 * @param legacy            why this environment breaks the naming standard, if it does
 * @param settings          the environment's other text fields (e.g. {@code allowed_hosts}), which
 *                          {@code value_source: environment_config} variables may read by {@code config_key}
 * @param hosts             the droplets the manifest lists under {@code "hosts"} (empty: the host variable
 *                          names them, one host or a comma-separated list; see {@code deploy.DropletHosts})
 */
public record Environment(
        String name,
        Type type,
        String prefix,
        Optional<String> djangoSettings,
        String githubEnvironment,
        Optional<String> branch,
        Optional<String> url,
        Optional<String> legacy,
        java.util.Map<String, String> settings,
        java.util.List<String> hosts) {

    public enum Type {
        BACKEND,
        FRONTEND;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Environment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(prefix, "prefix");
        djangoSettings = Objects.requireNonNullElse(djangoSettings, Optional.empty());
        branch = Objects.requireNonNullElse(branch, Optional.empty());
        url = Objects.requireNonNullElse(url, Optional.empty());
        legacy = Objects.requireNonNullElse(legacy, Optional.empty());
        settings = settings == null ? java.util.Map.of() : java.util.Map.copyOf(settings);
        hosts = hosts == null ? java.util.List.of() : java.util.List.copyOf(hosts);
        if (githubEnvironment == null || githubEnvironment.isBlank()) {
            githubEnvironment = name;
        }
    }

    /** An environment called {@code name} of {@code type}, its other components set by name in {@code settings}. */
    public static Environment of(String name, Type type, java.util.function.Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(name, type), settings, Builder::build);
    }

    /**
     * The components of an {@link Environment} being made, by name, each holding its default until
     * set: no prefix (v5), secrets in the GitHub environment of the same name, no branch, URL or
     * legacy note, no other fields.
     */
    public static final class Builder {
        private final String name;
        private final Type type;
        public String prefix = "";
        public Optional<String> djangoSettings = Optional.empty();
        public String githubEnvironment;
        public Optional<String> branch = Optional.empty();
        public Optional<String> url = Optional.empty();
        public Optional<String> legacy = Optional.empty();
        public java.util.Map<String, String> settings = java.util.Map.of();
        public java.util.List<String> hosts = java.util.List.of();

        private Builder(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        private Environment build() {
            return new Environment(
                    name, type, prefix, djangoSettings, githubEnvironment, branch, url, legacy, settings, hosts);
        }
    }

    /**
     * The v5 {@code deployment_target} of this environment (e.g. {@code development}, {@code uat},
     * {@code production}), which golden.workflows.branches maps to a branch; empty when the
     * manifest does not give one. It is also what {@code {target}} in an image tag becomes.
     */
    public Optional<String> deploymentTarget() {
        return Optional.ofNullable(settings.get("deployment_target"));
    }

    /** The host named by {@code "bastion"} (migrations run there), if the manifest names one. */
    public Optional<String> bastion() {
        return Optional.ofNullable(settings.get("bastion"));
    }

    public boolean isBackend() {
        return type == Type.BACKEND;
    }

    public boolean isFrontend() {
        return type == Type.FRONTEND;
    }

    /**
     * The value of one of this environment's own fields, by its manifest key; what a
     * {@code value_source: environment_config} variable reads (e.g. {@code django_settings}).
     */
    public Optional<String> configValue(String key) {
        return switch (key) {
            case "django_settings" -> djangoSettings;
            case "url" -> url;
            case "branch" -> branch;
            case "prefix" -> Optional.of(prefix);
            case "github_environment" -> Optional.of(githubEnvironment);
            case "name" -> Optional.of(name);
            default -> Optional.ofNullable(settings.get(key));
        };
    }

    /**
     * Whether {@code secretName} is documented as a legacy exception of this environment:
     * it appears as a whole word in the environment's {@code legacy} text.
     */
    public boolean documentsLegacy(String secretName) {
        return legacy.map(text -> java.util.regex.Pattern.compile(
                                "(?<![A-Za-z0-9_])" + java.util.regex.Pattern.quote(secretName) + "(?![A-Za-z0-9_])")
                        .matcher(text)
                        .find())
                .orElse(false);
    }
}
