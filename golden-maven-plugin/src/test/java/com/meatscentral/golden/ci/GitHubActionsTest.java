package com.meatscentral.golden.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workflow commands escaped as GitHub's toolkit escapes them (@actions/core command.ts:
 * escapeData % -> %25, CR -> %0D, LF -> %0A; escapeProperty also : -> %3A and , -> %2C),
 * one test per escaped character, and the runner's view: unescaping gives the value back.
 */
class GitHubActionsTest {

    private final List<String> out = new ArrayList<>();
    private final GitHubActions actions = new GitHubActions(Map.of("GITHUB_ACTIONS", "true"), out::add);

    /** What the runner does with a command's data before it registers the mask (ActionCommand.Unescape). */
    private static String runnerUnescape(String data) {
        return data.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%");
    }

    @Test
    void percentIsEscapedSoTheRunnerMasksTheValueItself() {
        actions.addMask("ab%0Acd");
        assertThat(out).containsExactly("::add-mask::ab%250Acd");
        assertThat(runnerUnescape(out.get(0).substring("::add-mask::".length())))
                .isEqualTo("ab%0Acd");
    }

    @Test
    void carriageReturnIsEscaped() {
        actions.addMask("first\rsecond");
        assertThat(out).containsExactly("::add-mask::first%0Dsecond");
    }

    @Test
    void lineFeedIsEscapedSoAMultiLineValueIsOneCommand() {
        actions.addMask("-----BEGIN KEY-----\nAAAA\n-----END KEY-----");
        assertThat(out).containsExactly("::add-mask::-----BEGIN KEY-----%0AAAAA%0A-----END KEY-----");
        assertThat(runnerUnescape(out.get(0).substring("::add-mask::".length())))
                .isEqualTo("-----BEGIN KEY-----\nAAAA\n-----END KEY-----");
    }

    @Test
    void colonAndCommaAreEscapedInPropertiesOnly() {
        assertThat(GitHubActions.escapeProperty("a:b")).isEqualTo("a%3Ab");
        assertThat(GitHubActions.escapeProperty("a,b")).isEqualTo("a%2Cb");
        assertThat(GitHubActions.escapeProperty("50%\n")).isEqualTo("50%25%0A");
        assertThat(GitHubActions.escapeData("a:b,c")).isEqualTo("a:b,c");
        actions.error("dir,x/a:b.py", 3, "bad: 100%\nnext");
        assertThat(out).containsExactly("::error file=dir%2Cx/a%3Ab.py,line=3::bad: 100%25%0Anext");
    }

    @Test
    void percentIsEscapedFirstNotTwice() {
        assertThat(GitHubActions.escapeData("%\n")).isEqualTo("%25%0A");
    }

    @Test
    void nothingOutsideActions() {
        new GitHubActions(Map.of(), out::add).addMask("some-secret");
        assertThat(out).isEmpty();
    }

    @Test
    void theRedactorMasksEveryFormAndEachLineOfAMultiLineSecret() {
        Redactor redactor = new Redactor();
        redactor.onRegister(actions::addMask);
        redactor.register("DB_PASSWORD (secret DEV_DB_PASSWORD)", "pa%ss\nword-two");
        assertThat(out).contains("::add-mask::pa%25ss%0Aword-two", "::add-mask::pa%25ss", "::add-mask::word-two");
        assertThat(out).allMatch(c -> !c.substring("::add-mask::".length()).contains("\n"));
    }

    @Test
    void aSecretTooShortToMaskIsALoudWarningNamingTheVariable() {
        Redactor redactor = new Redactor();
        List<String> warnings = new ArrayList<>();
        redactor.onRegister(actions::addMask);
        redactor.onUnmaskable(warnings::add);
        redactor.register("DB_PORT (secret DEV_DB_PORT)", "22");
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("!!! SECRET NOT MASKED: DB_PORT (secret DEV_DB_PORT) is 2 characters")
                .contains("fix:")
                .doesNotContain("22 ");
        assertThat(out).isEmpty();
        redactor.register("SECRET_KEY (secret DEV_SECRET_KEY)", "long-enough");
        assertThat(warnings).hasSize(1);
        assertThat(redactor.redact("key=long-enough")).isEqualTo("key=" + Redactor.MASK);
    }
}
