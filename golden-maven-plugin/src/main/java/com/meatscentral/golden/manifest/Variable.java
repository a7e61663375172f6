package com.meatscentral.golden.manifest;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A logical variable of the manifest, e.g. {@code DB_PASSWORD}, and how it maps to a CI
 * secret name in each environment.
 *
 * @param name             logical name, e.g. {@code BASTION_HOST}
 * @param category         decides which environments it applies to
 * @param description      free text
 * @param ciSecretMapping  explicit secret name per environment name (wins over the pattern)
 * @param ciSecretPattern  secret name with {@code {PREFIX}} placeholders, e.g. {@code {PREFIX}_DB_HOST}
 * @param defaultValue     the manifest's {@code default}: used when the secret is absent
 * @param required         whether an environment fails without it (default true)
 * @param valueSource      {@code secret} (default) or {@code environment_config}
 * @param configKey        for {@code environment_config}: the environment field to read (default {@code django_settings})
 * @param appliesTo        v5 {@code applies_to}: the environment types or names it applies to; empty = by category
 * @param values           v5 {@code values}: the expected value per environment name (not a secret there)
 * @param repository       v5 {@code repository_secrets}: a repository-level secret, the same in every environment
 */
public record Variable(
        String name,
        Category category,
        String description,
        Map<String, String> ciSecretMapping,
        Optional<String> ciSecretPattern,
        Optional<String> defaultValue,
        boolean required,
        ValueSource valueSource,
        String configKey,
        java.util.Set<String> appliesTo,
        Map<String, String> values,
        boolean repository) {

    /** Applies-to entries that name a type rather than an environment (v5). */
    public static final String BACKENDS = "backend environments";

    public static final String FRONTENDS = "frontend environments";
    public static final String ALL = "all environments";

    /** The placeholder a pattern may use; the only one. */
    public static final String PREFIX_PLACEHOLDER = "{PREFIX}";

    public enum Category {
        /** Every environment: droplet, SSH, registry. */
        INFRASTRUCTURE,
        /** Backends only: database, Django. */
        APPLICATION,
        /** Frontends only: values written into env-config.js and the proxy target. */
        FRONTEND_RUNTIME;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Category> fromJson(String key) {
            for (Category c : values()) {
                if (c.jsonName().equals(key)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        public boolean appliesTo(Environment.Type type) {
            return switch (this) {
                case INFRASTRUCTURE -> true;
                case APPLICATION -> type == Environment.Type.BACKEND;
                case FRONTEND_RUNTIME -> type == Environment.Type.FRONTEND;
            };
        }
    }

    public enum ValueSource {
        /** Read from the process environment under the mapped secret name. */
        SECRET,
        /** Not a secret: taken from a field of the environment (e.g. django_settings). */
        ENVIRONMENT_CONFIG;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Variable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        description = Objects.requireNonNullElse(description, "");
        ciSecretMapping = Map.copyOf(Objects.requireNonNullElse(ciSecretMapping, Map.of()));
        ciSecretPattern = Objects.requireNonNullElse(ciSecretPattern, Optional.empty());
        defaultValue = Objects.requireNonNullElse(defaultValue, Optional.empty());
        valueSource = Objects.requireNonNullElse(valueSource, ValueSource.SECRET);
        configKey = Objects.requireNonNullElse(configKey, "django_settings");
        appliesTo = java.util.Set.copyOf(Objects.requireNonNullElse(appliesTo, java.util.Set.of()));
        values = Map.copyOf(Objects.requireNonNullElse(values, Map.of()));
    }

    /** A variable named {@code name} in {@code category}, its other components set by name in {@code settings}. */
    public static Variable of(String name, Category category, java.util.function.Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(name, category), settings, Builder::build);
    }

    /**
     * The components of a {@link Variable} being made, by name, each holding its default until set:
     * a secret read under its mapped name, required, applying by category (v3.3), no values.
     */
    public static final class Builder {
        private final String name;
        private final Category category;
        public String description = "";
        public Map<String, String> ciSecretMapping = Map.of();
        public Optional<String> ciSecretPattern = Optional.empty();
        public Optional<String> defaultValue = Optional.empty();
        public boolean required = true;
        public ValueSource valueSource = ValueSource.SECRET;
        public String configKey = "django_settings";
        public java.util.Set<String> appliesTo = java.util.Set.of();
        public Map<String, String> values = Map.of();
        public boolean repository;

        private Builder(String name, Category category) {
            this.name = name;
            this.category = category;
        }

        private Variable build() {
            return new Variable(
                    name,
                    category,
                    description,
                    ciSecretMapping,
                    ciSecretPattern,
                    defaultValue,
                    required,
                    valueSource,
                    configKey,
                    appliesTo,
                    values,
                    repository);
        }
    }

    public boolean appliesTo(Environment env) {
        if (appliesTo.isEmpty()) {
            return category.appliesTo(env.type());
        }
        return appliesTo.contains(ALL)
                || appliesTo.contains(env.name())
                || env.isBackend() && appliesTo.contains(BACKENDS)
                || env.isFrontend() && appliesTo.contains(FRONTENDS);
    }

    /** The manifest's value for {@code env} (v5 {@code values}), else its {@code default}. */
    public Optional<String> defaultFor(Environment env) {
        String v = values.get(env.name());
        return v != null ? Optional.of(v) : defaultValue;
    }

    public boolean isSecret() {
        return valueSource == ValueSource.SECRET;
    }

    /**
     * The CI secret name this variable reads in {@code env}: explicit mapping, else the
     * pattern with {@code {PREFIX}} replaced, else {@code {PREFIX}_{VAR}}. Empty for
     * {@code environment_config} variables, which are not secrets.
     */
    public Optional<String> secretNameFor(Environment env) {
        if (!isSecret()) {
            return Optional.empty();
        }
        String mapped = ciSecretMapping.get(env.name());
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return Optional.of(ciSecretPattern
                .map(p -> p.replace(PREFIX_PLACEHOLDER, env.prefix()))
                .orElse(env.prefix() + "_" + name));
    }

    /** How the secret name for {@code env} is derived, for messages and docs. */
    public String ruleFor(Environment env) {
        if (!isSecret()) {
            return "environment_config (" + configKey + ")";
        }
        if (ciSecretMapping.containsKey(env.name())) {
            return "ci_secret_mapping";
        }
        return ciSecretPattern.isPresent() ? "ci_secret_pattern" : "default {PREFIX}_{VAR}";
    }
}
