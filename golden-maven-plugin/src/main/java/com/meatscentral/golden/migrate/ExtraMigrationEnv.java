package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The migration container's extra environment beyond the manifest's application variables.
 * Secrets come by NAME ({@code golden.migrate.envFrom}: {@code NAME} or
 * {@code NAME=PROCESS_VARIABLE}), read from the process environment at run time, as
 * {@code golden.registrySecrets} works: a value written in the POM ({@code <migrateEnv>}) is
 * printed by Maven's own parameter dump under {@code mvn -X} before any goal can mask it, so a
 * POM value equal to a known secret is refused, naming the entry and the way to move it.
 */
public final class ExtraMigrationEnv {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Process variables whose names say "secret": a POM value equal to one of theirs came from ${env.X}. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|PASS|KEY|DSN|CREDENTIAL|AUTH|PRIVATE).*");

    private ExtraMigrationEnv() {}

    /**
     * @param pomValues    {@code <migrateEnv>} (values written in the POM): kept for non-secret settings
     * @param fromNames    {@code golden.migrate.envFrom} entries
     * @param knownSecrets secret values the goal knows, by a name for messages (the manifest's secrets)
     * @param processEnv   the process environment
     * @param secretSink   receives each value read by name, before use ({@code Redactor::register})
     * @return the extra environment: POM values, then the named ones (they win)
     */
    public static Map<String, String> resolve(
            Map<String, String> pomValues,
            List<String> fromNames,
            Map<String, String> knownSecrets,
            Map<String, String> processEnv,
            BiConsumer<String, String> secretSink) {
        List<String> problems = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (pomValues != null) {
            pomValues.forEach((name, value) -> {
                String secret = secretNamed(value, knownSecrets, processEnv);
                if (secret != null) {
                    problems.add("<migrateEnv><" + name + "> holds the value of the secret " + secret);
                } else if (value != null) {
                    env.put(name, value);
                }
            });
        }
        List<String> missing = new ArrayList<>();
        for (String entry : fromNames == null ? List.<String>of() : fromNames) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split("=", 2);
            String name = parts[0].strip();
            String variable = parts.length == 2 ? parts[1].strip() : name;
            if (!NAME.matcher(name).matches() || !NAME.matcher(variable).matches()) {
                problems.add(
                        "golden.migrate.envFrom entry '" + entry.strip() + "' is not NAME or NAME=PROCESS_VARIABLE");
                continue;
            }
            String value = processEnv.get(variable);
            if (value == null) {
                missing.add(variable);
                continue;
            }
            secretSink.accept(name + " (golden.migrate.envFrom, variable " + variable + ")", value);
            env.put(name, value);
        }
        if (!missing.isEmpty()) {
            problems.add("golden.migrate.envFrom names variable" + (missing.size() == 1 ? "" : "s")
                    + " not set in the process environment: " + String.join(", ", missing));
        }
        if (!problems.isEmpty()) {
            throw new GoldenException(
                    "The migration's extra environment has " + problems.size() + " problem"
                            + (problems.size() == 1 ? "" : "s") + ":" + System.lineSeparator() + "  "
                            + String.join(System.lineSeparator() + "  ", problems),
                    "give secrets by name, never as values in the POM (mvn -X prints POM configuration before golden can mask"
                            + " it): <migrateEnvFrom><e>SENTRY_DSN</e></migrateEnvFrom> or -Dgolden.migrate.envFrom=SENTRY_DSN"
                            + " (NAME=PROCESS_VARIABLE to rename), with the secret mapped into the step's env; keep <migrateEnv>"
                            + " for values that are not secret");
        }
        return env;
    }

    /** The name of the known secret {@code value} equals, if any. */
    private static String secretNamed(String value, Map<String, String> knownSecrets, Map<String, String> processEnv) {
        if (value == null || value.length() < 4) {
            return null;
        }
        for (Map.Entry<String, String> s : knownSecrets.entrySet()) {
            if (value.equals(s.getValue())) {
                return s.getKey();
            }
        }
        for (Map.Entry<String, String> e : processEnv.entrySet()) {
            if (value.equals(e.getValue()) && SECRET_NAME.matcher(e.getKey()).matches()) {
                return e.getKey() + " (process environment)";
            }
        }
        return null;
    }
}
