package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The conventions every goal gets from AbstractGoldenMojo: the cause chain for -e, and offline mode. */
class AbstractGoldenMojoTest {

    /** A goal whose work is given by the test. */
    static final class TestMojo extends AbstractGoldenMojo {
        private final Runnable work;
        private final Optional<String> network;
        boolean ran;

        TestMojo(Runnable work, Optional<String> network) {
            this.work = work;
            this.network = network;
        }

        @Override
        protected Optional<String> needsNetwork() {
            return network;
        }

        @Override
        protected void run() {
            ran = true;
            work.run();
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aUserErrorKeepsItsCauseRedactedForDashE() {
        TestMojo goal = new TestMojo(
                () -> {
                    throw new GoldenException(
                            "Cannot reach the registry",
                            "check the network",
                            new IOException("connect to user:s3cret-pass-77@registry failed"));
                },
                Optional.empty());
        goal.redactor.register("s3cret-pass-77");
        Fields.set(goal, "showErrors", true); // mvn -e

        MojoFailureException e = catchThrowableOfType(MojoFailureException.class, goal::execute);

        assertThat(e.getMessage())
                .isEqualTo("Cannot reach the registry" + System.lineSeparator() + "  fix: check the network");
        String chain = stackTrace(e);
        assertThat(chain)
                .contains("Caused by: ")
                .contains(GoldenException.class.getName() + ": Cannot reach the registry")
                .contains(IOException.class.getName() + ": connect to user:****@registry failed")
                .doesNotContain("s3cret-pass-77");
    }

    @Test
    void withoutDashEAUserErrorIsOneMessageAndAFix() {
        TestMojo goal = new TestMojo(
                () -> {
                    throw new GoldenException(
                            "Cannot reach the registry", "check the network", new IOException("connect failed"));
                },
                Optional.empty());

        MojoFailureException e = catchThrowableOfType(MojoFailureException.class, goal::execute);

        // Maven appends each cause's message to the failure message: there must be none.
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage())
                .isEqualTo("Cannot reach the registry" + System.lineSeparator() + "  fix: check the network");
    }

    @Test
    void aBugKeepsItsCauseRedacted() {
        TestMojo goal = new TestMojo(
                () -> {
                    throw new IllegalStateException(
                            "token tok-123456 rejected", new RuntimeException("inner tok-123456"));
                },
                Optional.empty());
        goal.redactor.register("tok-123456");

        MojoExecutionException e = catchThrowableOfType(MojoExecutionException.class, goal::execute);

        assertThat(e.getMessage()).contains("golden:test failed unexpectedly: token **** rejected");
        assertThat(stackTrace(e)).contains("inner ****").doesNotContain("tok-123456");
    }

    @Test
    void offlineAGoalThatNeedsTheNetworkFailsBeforeItsWork() {
        TestMojo goal = Fields.set(new TestMojo(() -> {}, Optional.of("reach the droplet")), "offline", true);

        MojoFailureException e = catchThrowableOfType(MojoFailureException.class, goal::execute);

        assertThat(goal.ran).isFalse();
        assertThat(e.getMessage())
                .startsWith("golden:test cannot reach the droplet in offline mode (mvn -o)")
                .contains("fix: run it without -o")
                .contains("skip it for this run with -Dgolden.test.skip=true");
    }

    @Test
    void offlineAGoalThatWorksOfflineRuns() throws Exception {
        TestMojo goal = Fields.set(new TestMojo(() -> {}, Optional.empty()), "offline", true);
        goal.execute();
        assertThat(goal.ran).isTrue();
    }

    /** A goal's own skip flag is a parameter setter; what it sets is what execute() decides on. */
    @Test
    void aGoalsOwnSkipFlagSkipsIt() throws Exception {
        UnlockMojo unset = new UnlockMojo(); // no -Denv, no manifest: it fails when it runs
        assertThat(catchThrowableOfType(Exception.class, unset::execute)).isNotNull();

        UnlockMojo skipped = new UnlockMojo();
        skipped.setUnlockSkip(true);
        skipped.execute();
    }

    @Test
    void onlineAGoalThatNeedsTheNetworkRuns() throws Exception {
        TestMojo goal = new TestMojo(() -> {}, Optional.of("reach the droplet"));
        goal.execute();
        assertThat(goal.ran).isTrue();
    }

    /** The real goals that need the network refuse -o before reading anything (no manifest here). */
    @ParameterizedTest
    @ValueSource(
            classes = {
                DeployMojo.class,
                MigrateMojo.class,
                RollbackMojo.class,
                StatusMojo.class,
                UnlockMojo.class,
                PushMojo.class
            })
    void everyNetworkGoalRefusesOfflineMode(Class<? extends AbstractGoldenMojo> type) throws Exception {
        AbstractGoldenMojo goal = Fields.set(type.getDeclaredConstructor().newInstance(), "offline", true);
        if (goal instanceof AbstractEnvironmentMojo) {
            Fields.set(goal, "manifest", new File("does-not-exist.json"));
            Fields.set(goal, "env", "dev-backend");
        }
        MojoFailureException e = catchThrowableOfType(MojoFailureException.class, goal::execute);
        assertThat(e).as(type.getSimpleName()).isNotNull();
        assertThat(e.getMessage()).matches("golden:" + goal.goal() + " cannot .+ in offline mode \\(mvn -o\\)(?s).*");
        // the refusal names the goal's own skip flag, the way out for a bound goal in `mvn -o verify`
        assertThat(e.getMessage()).contains("-Dgolden." + goal.goal() + ".skip=true");
    }

    /** golden:audit needs the network only against GitHub. */
    static final class Audit extends AuditMojo {
        private final Map<String, String> processEnv;

        Audit(Map<String, String> processEnv) {
            this.processEnv = processEnv;
        }

        @Override
        protected Map<String, String> environment() {
            return processEnv;
        }
    }

    @Test
    void auditAgainstGitHubRefusesOfflineModeAndAuditOfTheProcessEnvironmentDoesNot() {
        AbstractMojo github = Fields.set(
                new Audit(Map.of("GITHUB_TOKEN", "ghp-token-1234", "GITHUB_REPOSITORY", "o/r")), "offline", true);
        Fields.set(github, "manifest", new File("does-not-exist.json"));
        MojoFailureException e = catchThrowableOfType(MojoFailureException.class, github::execute);
        assertThat(e.getMessage())
                .startsWith("golden:audit cannot read the secrets from the GitHub API in offline mode (mvn -o)")
                .contains("-Dgolden.audit.skip=true");

        AbstractMojo env = Fields.set(new Audit(Map.of()), "offline", true);
        Fields.set(env, "manifest", new File("does-not-exist.json"));
        Fields.set(env, "env", "dev-backend");
        Fields.set(env, "source", "env");
        MojoFailureException loaded = catchThrowableOfType(MojoFailureException.class, env::execute);
        assertThat(loaded.getMessage()).doesNotContain("offline"); // it got as far as reading the manifest
    }
}
