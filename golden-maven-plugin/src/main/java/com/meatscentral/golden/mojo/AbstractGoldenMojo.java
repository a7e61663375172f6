package com.meatscentral.golden.mojo;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.secrets.Redactor;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every golden goal shares: the skip flags, a redacting console, GitHub Actions
 * masking, and the translation of a {@link GoldenException} into one clear failure
 * message (what is wrong, then how to fix it) with no stack trace.
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

    protected final Redactor redactor = new Redactor();
    protected final GitHubActions actions = GitHubActions.fromProcess();
    private Console console;

    /** The goal's name without prefix, e.g. {@code audit}; used in messages. */
    protected abstract String goal();

    /** The goal's own skip flag, {@code golden.<goal>.skip}, declared by each goal. */
    protected abstract boolean goalSkipped();

    /** The goal's work. Throw {@link GoldenException} for anything the user can fix. */
    protected abstract void run() throws Exception;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || goalSkipped()) {
            getLog().info("golden:" + goal() + " skipped (" + (skip ? "golden.skip" : "golden." + goal() + ".skip") + "=true)");
            return;
        }
        redactor.onRegister(actions::addMask);
        redactor.onUnmaskable(warning -> {
            console().warn(warning);
            actions.warning(null, null, warning);
        });
        try {
            run();
        } catch (GoldenException e) {
            throw new MojoFailureException(failureMessage(e));
        } catch (MojoExecutionException | MojoFailureException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug: keep the stack trace for -e, but never let a secret through.
            throw new MojoExecutionException("golden:" + goal() + " failed unexpectedly: "
                    + redactor.redact(String.valueOf(e.getMessage())), new RedactedThrowable(e, redactor));
        } catch (Exception e) {
            throw new MojoExecutionException("golden:" + goal() + " failed: "
                    + redactor.redact(String.valueOf(e.getMessage())), new RedactedThrowable(e, redactor));
        }
    }

    String failureMessage(GoldenException e) {
        StringBuilder message = new StringBuilder(redactor.redact(e.getMessage()));
        e.hint().ifPresent(h -> message.append(System.lineSeparator()).append("  fix: ").append(redactor.redact(h)));
        return message.toString();
    }

    /**
     * True when the goal runs because the POM binds it to a phase ({@code mvn verify}), false
     * when typed on the command line ({@code mvn golden:build}). A bound goal that lacks a
     * per-run input such as {@code -Denv} skips with a warning; a typed one fails.
     */
    protected boolean boundToLifecycle() {
        return mojoExecution != null && mojoExecution.getLifecyclePhase() != null
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
        return RegistryLogins.credentials(environment(), settings, decrypter, redactor, manifestSecret, registrySecrets);
    }

    /** The process environment: how a CI job sees its secrets. */
    protected Map<String, String> environment() {
        return System.getenv();
    }

    /** A throwable that carries a redacted copy of another's messages and stack. */
    static final class RedactedThrowable extends Exception {
        RedactedThrowable(Throwable original, Redactor redactor) {
            super(original.getClass().getName() + ": " + redactor.redact(String.valueOf(original.getMessage())),
                    original.getCause() == null ? null : new RedactedThrowable(original.getCause(), redactor));
            setStackTrace(original.getStackTrace());
        }
    }
}
