package com.meatscentral.golden.mojo;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.secrets.Redactor;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every golden goal shares: the skip flags, a redacting console, GitHub Actions
 * masking, the refusal of offline mode by goals that need the network, warnings for
 * deprecated parameter names, and the translation of a {@link GoldenException} into one
 * clear failure message (what is wrong, then how to fix it). The stack trace is shown only
 * under {@code -e}, and then with its whole cause chain, redacted.
 */
public abstract class AbstractGoldenMojo extends AbstractMojo {

    /** Skips every golden goal. */
    @Parameter(property = "golden.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private org.apache.maven.settings.Settings settings;

    @org.apache.maven.plugins.annotations.Component
    private org.apache.maven.settings.crypto.SettingsDecrypter decrypter;

    /** {@code mvn -o}: Maven's offline mode, which golden takes to mean "no network" for its own calls too. */
    @Parameter(defaultValue = "${session.offline}", readonly = true)
    private boolean offline;

    /**
     * {@code mvn -e}: a user error then carries its (redacted) cause chain. Not without: Maven
     * appends every cause's message to the failure message, which must stay one message + fix.
     */
    @Parameter(defaultValue = "${session.request.showErrors}", readonly = true)
    private boolean showErrors;

    /** The POM, whose configuration is checked for deprecated parameter names. */
    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    protected final Redactor redactor = new Redactor();
    protected final GitHubActions actions = GitHubActions.fromProcess();
    private boolean goalSkipped;
    private Console console;

    /**
     * The goal's name without prefix, e.g. {@code audit}; used in messages. Each goal's class is
     * named after its {@code @Mojo(name)} ({@code AuditMojo}: audit), so the name is stated once;
     * PluginDescriptorTest holds every goal to it.
     */
    protected final String goal() {
        Class<?> type = getClass();
        while (!type.getSimpleName().endsWith("Mojo")) {
            type = type.getSuperclass(); // a test's subclass of a goal
        }
        String name = type.getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1, name.length() - "Mojo".length());
    }

    /**
     * Set by the goal's own skip flag, {@code golden.<goal>.skip}: each goal declares it as a
     * parameter setter ({@code setAuditSkip}...) that calls this, so the flag keeps its per-goal
     * name and property while the decision to skip stays here.
     */
    protected final void skipGoal(boolean skipped) {
        goalSkipped = skipped;
    }

    /** The goal's work. Throw {@link GoldenException} for anything the user can fix. */
    protected abstract void run() throws Exception;

    /**
     * What this run needs the network for, as a verb phrase ("push", "reach the droplet over
     * SSH"); empty when it works offline. Under {@code mvn -o} a goal that needs the network
     * fails before it does anything, with one message, instead of failing half-way on a
     * connection error.
     */
    protected Optional<String> needsNetwork() {
        return Optional.empty();
    }

    /**
     * Old parameter names still accepted for one release, old name to new name. Maven reads
     * them through {@code @Parameter(alias = OLD)}; each use in the POM is warned about.
     */
    protected Map<String, String> deprecatedParameterNames() {
        return Map.of();
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || goalSkipped) {
            getLog().info("golden:" + goal() + " skipped (" + (skip ? "golden.skip" : skipFlag()) + "=true)");
            return;
        }
        redactor.onRegister(actions::addMask);
        redactor.onUnmaskable(warning -> {
            console().warn(warning);
            actions.warning(null, null, warning);
        });
        try {
            DeprecatedParameters.warnings(project, mojoExecution, deprecatedParameterNames(), "golden:" + goal())
                    .forEach(getLog()::warn);
            if (offline) {
                refuseOffline();
            }
            run();
        } catch (GoldenException e) {
            // The message says it all; the (redacted) chain is there for -e.
            throw showErrors
                    ? new MojoFailureException(failureMessage(e), new RedactedThrowable(e, redactor))
                    : new MojoFailureException(failureMessage(e));
        } catch (MojoExecutionException | MojoFailureException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug: keep the stack trace for -e, but never let a secret through.
            throw new MojoExecutionException(
                    "golden:" + goal() + " failed unexpectedly: " + redactor.redact(String.valueOf(e.getMessage())),
                    new RedactedThrowable(e, redactor));
        } catch (Exception e) {
            throw new MojoExecutionException(
                    "golden:" + goal() + " failed: " + redactor.redact(String.valueOf(e.getMessage())),
                    new RedactedThrowable(e, redactor));
        }
    }

    /** Fails when this goal needs the network; called under {@code mvn -o} only. */
    void refuseOffline() {
        needsNetwork().ifPresent(use -> {
            throw new GoldenException(
                    "golden:" + goal() + " cannot " + use + " in offline mode (mvn -o)",
                    "run it without -o (Maven's offline mode forbids the network), or skip it for this run with -D"
                            + skipFlag() + "=true (golden:verify, golden:build, golden:workflows and golden:audit"
                            + " -Dgolden.audit.source=env work offline)");
        });
    }

    /** The goal's own skip flag, the one a failure message names: {@code golden.<goal>.skip}. */
    String skipFlag() {
        return "golden." + goal() + ".skip";
    }

    String failureMessage(GoldenException e) {
        StringBuilder message = new StringBuilder(redactor.redact(e.getMessage()));
        e.hint()
                .ifPresent(h ->
                        message.append(System.lineSeparator()).append("  fix: ").append(redactor.redact(h)));
        return message.toString();
    }

    /**
     * True when the goal runs because the POM binds it to a phase ({@code mvn verify}), false
     * when typed on the command line ({@code mvn golden:build}). A bound goal that lacks a
     * per-run input such as {@code -Denv} skips with a warning; a typed one fails.
     */
    protected boolean boundToLifecycle() {
        return mojoExecution != null
                && mojoExecution.getLifecyclePhase() != null
                && !"default-cli".equals(mojoExecution.getExecutionId());
    }

    protected Console console() {
        if (console == null) {
            console = new MavenConsole(getLog(), redactor);
        }
        return console;
    }

    /** Registry logins as golden:push finds them (see {@link RegistryLogins}), from the process environment. */
    protected com.meatscentral.golden.image.RegistryCredentials registryCredentials(
            java.util.function.UnaryOperator<com.meatscentral.golden.image.RegistryCredentials> manifestSecret,
            java.util.List<String> registrySecrets) {
        return RegistryLogins.credentials(environment(), mavenSettings(), redactor, manifestSecret, registrySecrets);
    }

    /** settings.xml's servers and proxies, passwords decrypted in one place ({@link MavenSettings}). */
    protected MavenSettings mavenSettings() {
        return new MavenSettings(settings, decrypter, redactor);
    }

    /** The process environment: how a CI job sees its secrets. */
    protected Map<String, String> environment() {
        return System.getenv();
    }

    /** A throwable that carries a redacted copy of another's messages and stack. */
    static final class RedactedThrowable extends Exception {
        RedactedThrowable(Throwable original, Redactor redactor) {
            super(
                    original.getClass().getName() + ": " + redactor.redact(String.valueOf(original.getMessage())),
                    original.getCause() == null ? null : new RedactedThrowable(original.getCause(), redactor));
            setStackTrace(original.getStackTrace());
        }
    }
}
