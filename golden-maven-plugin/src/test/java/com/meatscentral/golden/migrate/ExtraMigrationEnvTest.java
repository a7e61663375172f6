package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.secrets.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migration's extra environment: secrets by name from the process environment, never as POM values. */
class ExtraMigrationEnvTest {

    private static final String DSN = "https://4f1c9e0d7b@o123.ingest.sentry.io/42";
    private final Redactor redactor = new Redactor();

    @Test
    void namesAreReadFromTheProcessEnvironmentAndRegisteredBeforeUse() {
        Map<String, String> env = ExtraMigrationEnv.resolve(
                null,
                List.of("SENTRY_DSN", "FEATURE_FLAGS=CI_FEATURES"),
                Map.of(),
                Map.of("SENTRY_DSN", DSN, "CI_FEATURES", "fast-path,beta"),
                redactor::register);
        assertThat(env).containsExactly(Map.entry("SENTRY_DSN", DSN), Map.entry("FEATURE_FLAGS", "fast-path,beta"));
        assertThat(redactor.redact("dsn=" + DSN)).isEqualTo("dsn=" + Redactor.MASK);
    }

    @Test
    void aPomValueThatIsAKnownSecretIsRefusedNamingItAndTheWayOut() {
        Map<String, String> pom = new LinkedHashMap<>();
        pom.put("DJANGO_LOG_LEVEL", "info");
        pom.put("SENTRY_DSN", DSN); // <SENTRY_DSN>${env.SENTRY_DSN}</SENTRY_DSN>
        pom.put("STRIPE", "sk_live_manifest_value"); // a manifest secret pasted into the POM
        GoldenException e = catchThrowableOfType(
                GoldenException.class,
                () -> ExtraMigrationEnv.resolve(
                        pom,
                        List.of("MISSING_ONE"),
                        Map.of("STRIPE_KEY (secret PROD_STRIPE_KEY)", "sk_live_manifest_value"),
                        Map.of("SENTRY_DSN", DSN),
                        redactor::register));
        assertThat(e.getMessage())
                .contains("3 problems")
                .contains("<migrateEnv><SENTRY_DSN> holds the value of the secret SENTRY_DSN (process environment)")
                .contains("<migrateEnv><STRIPE> holds the value of the secret STRIPE_KEY (secret PROD_STRIPE_KEY)")
                .contains("not set in the process environment: MISSING_ONE")
                .doesNotContain(DSN)
                .doesNotContain("sk_live_manifest_value");
        assertThat(e.hint())
                .hasValueSatisfying(h -> assertThat(h)
                        .contains("-Dgolden.migrate.envFrom=SENTRY_DSN")
                        .contains("mvn -X"));
    }

    @Test
    void nonSecretPomValuesStillWorkAndNamedOnesWin() {
        Map<String, String> env = ExtraMigrationEnv.resolve(
                Map.of("LOG_LEVEL", "info", "MODE", "pom"),
                List.of("MODE"),
                Map.of(),
                Map.of("MODE", "process", "HOME", "/root"),
                redactor::register);
        assertThat(env).containsEntry("LOG_LEVEL", "info").containsEntry("MODE", "process");
    }

    @Test
    void badEntriesAreListed() {
        GoldenException e = catchThrowableOfType(
                GoldenException.class,
                () -> ExtraMigrationEnv.resolve(
                        null, List.of("A=$(rm -rf /)", "9X"), Map.of(), Map.of(), redactor::register));
        assertThat(e.getMessage())
                .contains("2 problems")
                .contains("'A=$(rm -rf /)' is not NAME or NAME=PROCESS_VARIABLE")
                .contains("'9X'");
    }
}
