package com.meatscentral.golden.manifest;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The values of one environment's variables, read from a process environment. Values
 * that came from secrets are never shown by this class ({@link #toString()} lists names
 * only); callers register {@link #secretValues()} with the redactor before printing anything.
 */
public final class EnvironmentValues {

    private final Environment environment;
    private final Map<String, ResolvedVariable> variables = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> secretValues = new ArrayList<>();
    private final Map<String, String> secretsByVariable = new LinkedHashMap<>();

    EnvironmentValues(Environment environment, List<ResolvedVariable> resolved, Map<String, String> processEnv) {
        this.environment = environment;
        for (ResolvedVariable v : resolved) {
            variables.put(v.name(), v);
            Optional<String> value;
            if (v.isSecret()) {
                String raw = processEnv.get(v.secretName().orElseThrow());
                if (raw != null && !raw.isEmpty()) {
                    secretValues.add(raw);
                    secretsByVariable.put(v.name() + " (secret " + v.secretName().orElseThrow() + ")", raw);
                    value = Optional.of(raw);
                } else {
                    value = v.defaultValue();
                }
            } else {
                value = v.configValue();
            }
            value.ifPresent(s -> values.put(v.name(), s));
        }
    }

    public Environment environment() {
        return environment;
    }

    /** The value, the default, or the environment-config value; empty when none. */
    public Optional<String> get(String variable) {
        known(variable);
        return Optional.ofNullable(values.get(variable));
    }

    /** For optional variables (e.g. SSH_PRIVATE_KEY): same as {@link #get}, named for the intent. */
    public Optional<String> optional(String variable) {
        return get(variable);
    }

    /** The value, or a {@link GoldenException} naming the secret to set. */
    public String require(String variable) {
        ResolvedVariable v = known(variable);
        String value = values.get(variable);
        if (value == null) {
            throw new GoldenException(variable + " is not set for environment " + environment.name()
                    + ": expected the secret " + v.secretName().orElse("?") + " in the process environment",
                    howToProvide(List.of(v)));
        }
        return value;
    }

    /** The CI secret name {@code variable} is read from here (empty for environment_config values), for messages. */
    public Optional<String> secretName(String variable) {
        return known(variable).secretName();
    }

    /** Fails, listing every missing {@code VAR -> SECRET}, unless all required variables have values. */
    public EnvironmentValues requireAll() {
        List<ResolvedVariable> missing = missing();
        if (!missing.isEmpty()) {
            throw new GoldenException("Environment " + environment.name() + " is missing " + missing.size()
                    + " required secret" + (missing.size() == 1 ? "" : "s") + ":"
                    + missing.stream().map(m -> System.lineSeparator() + "  " + m.arrow()).collect(Collectors.joining()),
                    howToProvide(missing));
        }
        return this;
    }

    /** Required variables with no value (neither secret nor default). */
    public List<ResolvedVariable> missing() {
        return variables.values().stream()
                .filter(v -> v.required() && !values.containsKey(v.name()))
                .toList();
    }

    /** The variables of this environment, resolved, in manifest order. */
    public List<ResolvedVariable> variables() {
        return List.copyOf(variables.values());
    }

    /** Every value that came from a secret: register them with the redactor. */
    public List<String> secretValues() {
        return Collections.unmodifiableList(secretValues);
    }

    /**
     * The same values keyed by "VARIABLE (secret NAME)", for {@code Redactor.register(name, value)}:
     * a value too short to mask is then reported by its name.
     */
    public Map<String, String> secretsByVariable() {
        return Collections.unmodifiableMap(secretsByVariable);
    }

    private ResolvedVariable known(String variable) {
        ResolvedVariable v = variables.get(variable);
        if (v == null) {
            Optional<String> closest = ClosestName.to(variable, variables.keySet());
            throw new GoldenException(variable + " is not a variable of environment " + environment.name()
                    + " (" + environment.type().jsonName() + ")"
                    + closest.map(c -> ": did you mean " + c + "?").orElse(""),
                    "its variables are " + String.join(", ", variables.keySet()));
        }
        return v;
    }

    private String howToProvide(List<ResolvedVariable> missing) {
        String names = missing.stream().map(m -> m.secretName().orElse(m.name())).collect(Collectors.joining(", "));
        String first = missing.get(0).secretName().orElse(missing.get(0).name());
        return "in GitHub Actions, add " + names + " to the GitHub environment '" + environment.githubEnvironment()
                + "' (or the repository) and map it in the job: `env: " + first + ": ${{ secrets." + first
                + " }}`; locally, export " + names;
    }

    @Override
    public String toString() {
        return "EnvironmentValues[" + environment.name() + ": " + String.join(", ", values.keySet()) + "]";
    }
}
