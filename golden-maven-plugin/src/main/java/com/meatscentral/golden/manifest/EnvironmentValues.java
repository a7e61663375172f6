package com.meatscentral.golden.manifest;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of one environment's variables, read from a process environment. Values
 * that came from secrets are never shown by this class ({@link #toString()} lists names
 * only); callers register {@link #secretValues()} with the redactor before printing anything.
 * What is missing, and how to provide it, is {@link MissingValues}' job.
 */
public final class EnvironmentValues {

    private final Environment environment;
    private final Map<String, ResolvedVariable> variables = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> secretValues = new ArrayList<>();
    private final Map<String, String> secretsByVariable = new LinkedHashMap<>();
    private final java.util.Set<String> fromSecrets = new java.util.HashSet<>();
    private final RoleBindings roles;
    private final MissingValues missingValues = new MissingValues(this);

    EnvironmentValues(
            Environment environment,
            List<ResolvedVariable> resolved,
            Map<String, String> processEnv,
            RoleBindings roles) {
        this.environment = environment;
        this.roles = roles == null ? RoleBindings.DEFAULT : roles;
        for (ResolvedVariable v : resolved) {
            variables.put(v.name(), v);
            Optional<String> value;
            if (v.isSecret()) {
                String raw = processEnv.get(v.secretName().orElseThrow());
                if (raw != null && !raw.isEmpty()) {
                    secretValues.add(raw);
                    secretsByVariable.put(
                            v.name() + " (secret " + v.secretName().orElseThrow() + ")", raw);
                    fromSecrets.add(v.name());
                    value = Optional.of(raw);
                } else {
                    value = v.defaultValue();
                }
            } else {
                value = v.configValue();
            }
            value.ifPresent(s -> values.put(v.name(), s));
        }
        // A "hosts" list in the manifest names the droplets instead of the host variable (the
        // same comma-separated form the variable may hold; deploy.DropletHosts reads either).
        if (!environment.hosts().isEmpty()) {
            variableFor(Role.SSH_HOST).ifPresent(v -> values.put(v, String.join(",", environment.hosts())));
        }
    }

    private EnvironmentValues(EnvironmentValues from, String hostVariable, String host) {
        this.environment = from.environment;
        this.roles = from.roles;
        this.variables.putAll(from.variables);
        this.values.putAll(from.values);
        this.secretValues.addAll(from.secretValues);
        this.secretsByVariable.putAll(from.secretsByVariable);
        this.fromSecrets.addAll(from.fromSecrets);
        this.values.put(hostVariable, host);
    }

    /**
     * The same values for one droplet of a multi-host environment: the variable playing
     * {@link Role#SSH_HOST} holds {@code host} alone (the SSH connection and the migration's
     * tunnel read it). Unchanged when no variable plays the role.
     */
    public EnvironmentValues forHost(String host) {
        return with(Role.SSH_HOST, host);
    }

    /** The same values with the variable playing {@code role} holding {@code value} (unchanged when none plays it). */
    public EnvironmentValues with(Role role, String value) {
        return variableFor(role).map(v -> new EnvironmentValues(this, v, value)).orElse(this);
    }

    public Environment environment() {
        return environment;
    }

    /** The value, the default, or the environment-config value; empty when none. */
    public Optional<String> get(String variable) {
        known(variable);
        return Optional.ofNullable(values.get(variable));
    }

    /** The value of the variable playing {@code role}; empty when no variable plays it or it has no value. */
    public Optional<String> get(Role role) {
        return variableFor(role).map(values::get);
    }

    /** The value of the variable playing {@code role}, or a {@link GoldenException} naming what to set. */
    public String require(Role role) {
        return get(role).orElseGet(() -> {
            require(List.of(RoleNeed.of(role)));
            throw new IllegalStateException("unreachable");
        });
    }

    /** The manifest variable that plays {@code role} in this environment, if any. */
    public Optional<String> variableFor(Role role) {
        return roles.resolve(role, variables.keySet());
    }

    /** The CI secret the variable playing {@code role} is read from (empty: no variable, or not a secret). */
    public Optional<String> secretName(Role role) {
        return variableFor(role).flatMap(v -> variables.get(v).secretName());
    }

    /** The variable playing {@code role}, resolved (secret name, default), if any. */
    public Optional<ResolvedVariable> resolved(Role role) {
        return variableFor(role).map(variables::get);
    }

    /** Whether {@code variable}'s value came from its CI secret (not a manifest default, value or setting). */
    public boolean isFromSecret(String variable) {
        return fromSecrets.contains(variable);
    }

    /** The role bindings this environment was resolved with. */
    public RoleBindings roles() {
        return roles;
    }

    /**
     * Fails, listing every unmet need at once (role -> variable -> CI secret), unless each has a
     * value. Only the needs: required variables no role names are not checked here.
     */
    public EnvironmentValues require(List<RoleNeed> needs) {
        List<String> missing = unmet(needs);
        if (!missing.isEmpty()) {
            throw missingValues.error(missing, missingValues.secrets(needs, List.of()));
        }
        return this;
    }

    /** The unmet needs, one line each: {@code ssh_host -> BASTION_HOST -> secret DEV_HOST}. */
    public List<String> unmet(List<RoleNeed> needs) {
        return missingValues.unmet(needs);
    }

    /** {@code ssh_host -> BASTION_HOST -> secret DEV_HOST}, or what to add when no variable plays the role. */
    public String describe(Role role) {
        return missingValues.describe(role);
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
            throw new GoldenException(
                    variable + " is not set for environment " + environment.name() + ": expected the secret "
                            + v.secretName().orElse("?") + " in the process environment",
                    missingValues.howToProvide(List.of(v)));
        }
        return value;
    }

    /** The CI secret name {@code variable} is read from here (empty for environment_config values), for messages. */
    public Optional<String> secretName(String variable) {
        return known(variable).secretName();
    }

    /**
     * What golden:deploy and golden:rollback need: every required variable of the environment and
     * every role a deploy of its type asks for ({@link RoleNeed#deploy}); all missing ones in one message.
     */
    public EnvironmentValues requireAll() {
        return requireAll(RoleNeed.deploy(environment));
    }

    /** Every required variable and every need of {@code needs}; all missing ones in one message. */
    public EnvironmentValues requireAll(List<RoleNeed> needs) {
        List<String> lines = new ArrayList<>(unmet(needs));
        List<ResolvedVariable> missing = missing().stream()
                .filter(v -> lines.stream().noneMatch(l -> l.contains(" -> " + v.name() + " -> ")))
                .toList();
        missing.forEach(v -> lines.add(v.arrow()));
        if (!lines.isEmpty()) {
            throw missingValues.error(lines, missingValues.secrets(needs, missing));
        }
        return this;
    }

    /**
     * Required variables with no value (neither secret nor default). Repository-level secrets of a
     * v5 manifest are left to golden:audit (against GitHub), unless a role resolves to them.
     */
    public List<ResolvedVariable> missing() {
        return variables.values().stream()
                .filter(v -> v.required() && !values.containsKey(v.name()))
                .filter(v -> !v.repository())
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
            throw new GoldenException(
                    variable + " is not a variable of environment " + environment.name()
                            + " (" + environment.type().jsonName() + ")"
                            + closest.map(c -> ": did you mean " + c + "?").orElse(""),
                    "its variables are " + String.join(", ", variables.keySet()));
        }
        return v;
    }

    @Override
    public String toString() {
        return "EnvironmentValues[" + environment.name() + ": " + String.join(", ", values.keySet()) + "]";
    }
}
