package com.meatscentral.golden.manifest;

import java.util.Optional;

/**
 * A variable as it applies to one environment: its secret name there (empty when the
 * value is not a secret but environment configuration), whether it is required, its default.
 *
 * @param configValue for {@code environment_config} variables: the value taken from the environment
 * @param repository  a repository-level secret (v5 {@code repository_secrets}): audited against GitHub's
 *                    repository secrets; a goal needs it only when a role it asks for resolves to it
 */
public record ResolvedVariable(
        String name,
        Variable.Category category,
        Optional<String> secretName,
        boolean required,
        Optional<String> defaultValue,
        Variable.ValueSource valueSource,
        Optional<String> configValue,
        boolean repository) {

    /** {@code variable} as it applies to {@code env}: its secret name, default and config value there. */
    static ResolvedVariable of(Variable variable, Environment env) {
        return new ResolvedVariable(
                variable.name(),
                variable.category(),
                variable.secretNameFor(env),
                variable.required(),
                variable.defaultFor(env),
                variable.valueSource(),
                variable.isSecret() ? Optional.empty() : env.configValue(variable.configKey()),
                variable.repository());
    }

    public boolean isSecret() {
        return valueSource == Variable.ValueSource.SECRET;
    }

    /** Required and without a default: the environment cannot work without its secret. */
    public boolean mustBeProvided() {
        return isSecret() && required && defaultValue.isEmpty();
    }

    /** {@code VAR -> SECRET} (or {@code VAR <- environment_config}), as the audit prints it. */
    public String arrow() {
        return secretName.map(s -> name + " -> " + s).orElse(name + " <- environment_config");
    }
}
