package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Build secrets ({@code -Dgolden.build.secrets}): CI secrets named, never given as values, each
 * mounted by BuildKit as {@code RUN --mount=type=secret,id=ID} for the steps that ask. An entry
 * is {@code NAME} (id = the secret's name) or {@code ID=NAME}. Values are read from the process
 * environment (how a CI job sees its secrets), handed to the redactor, and passed to the docker
 * client in ITS environment, so they are on no command line and in no file; {@link #toString()}
 * names ids only.
 */
public final class BuildSecrets {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The variable the docker client reads a secret from: {@code --secret id=ID,env=PREFIX<n>}. */
    static final String VARIABLE_PREFIX = "GOLDEN_BUILD_SECRET_";

    public static final BuildSecrets NONE = new BuildSecrets(Map.of(), Map.of());

    private final Map<String, String> secretNames; // id -> CI secret name
    private final Map<String, String> values; // id -> value

    private BuildSecrets(Map<String, String> secretNames, Map<String, String> values) {
        this.secretNames = secretNames;
        this.values = values;
    }

    /**
     * Resolves {@code entries} against {@code env}; every problem (a malformed entry, a secret
     * that is not set) is reported at once. Each value goes to {@code secretSink} first.
     */
    public static BuildSecrets resolve(List<String> entries, Map<String, String> env, Consumer<String> secretSink) {
        if (entries == null || entries.isEmpty()) {
            return NONE;
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String raw : entries) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String entry = raw.strip();
            int eq = entry.indexOf('=');
            String id = eq < 0 ? entry : entry.substring(0, eq).strip();
            String name = eq < 0 ? entry : entry.substring(eq + 1).strip();
            if (!ID.matcher(id).matches() || !NAME.matcher(name).matches()) {
                problems.add("'" + entry + "' is not NAME or ID=NAME (a secret's name, never its value)");
                continue;
            }
            String value = env.get(name);
            if (value == null || value.isEmpty()) {
                problems.add("secret " + name + (id.equals(name) ? "" : " (id " + id + ")")
                        + " is not set in the environment");
                continue;
            }
            secretSink.accept(value);
            names.put(id, name);
            values.put(id, value);
        }
        if (!problems.isEmpty()) {
            throw new GoldenException(
                    "Build secrets (-Dgolden.build.secrets): " + String.join("; ", problems),
                    "name CI secrets that the job exposes as environment variables, e.g. -Dgolden.build.secrets=NPM_TOKEN,pip=PIP_INDEX_TOKEN"
                            + " with `env: NPM_TOKEN: ${{ secrets.NPM_TOKEN }}` in the workflow step");
        }
        return new BuildSecrets(Collections.unmodifiableMap(names), Collections.unmodifiableMap(values));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The ids, in the order given. */
    public List<String> ids() {
        return List.copyOf(secretNames.keySet());
    }

    /**
     * The client's arguments: {@code --secret id=ID,env=VAR} per secret, VAR being a variable of
     * {@link #environment()}; names and ids only, never a value.
     */
    List<String> cliArguments() {
        List<String> args = new ArrayList<>();
        int n = 0;
        for (String id : secretNames.keySet()) {
            args.add("--secret");
            args.add("id=" + id + ",env=" + VARIABLE_PREFIX + n++);
        }
        return args;
    }

    /** The variables the client reads the secrets from, to add to its environment. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        int n = 0;
        for (String id : secretNames.keySet()) {
            env.put(VARIABLE_PREFIX + n++, values.get(id));
        }
        return env;
    }

    @Override
    public String toString() {
        return "BuildSecrets" + secretNames;
    }
}
