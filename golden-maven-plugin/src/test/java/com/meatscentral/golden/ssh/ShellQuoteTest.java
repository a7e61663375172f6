package com.meatscentral.golden.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checked against a real /bin/sh: what the shell splits must be the argv we started from. */
class ShellQuoteTest {

    @Test
    void safeWordsStayReadable() {
        assertThat(ShellQuote.join("docker", "run", "--name", "pm-backend", "-p", "8000:8000", "reg.io/x/y:dev-abc123"))
                .isEqualTo("docker run --name pm-backend -p 8000:8000 reg.io/x/y:dev-abc123");
        assertThat(ShellQuote.quote("")).isEqualTo("''");
    }

    @Test
    void shellSplitsItBackIntoTheSameArgv() throws Exception {
        List<String> argv = List.of(
                "a b",
                "it's",
                "$HOME",
                "`id`",
                "\"q\"",
                ";",
                "&&",
                "|",
                "*",
                "\\",
                "new\nline",
                "",
                "~",
                "#c",
                "!x",
                "{a,b}");
        assertThat(shellArgs(ShellQuote.join(argv))).isEqualTo(argv);
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Runs /bin/sh with the line and prints each resulting argument NUL-terminated. */
    private static List<String> shellArgs(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\0' " + line).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        List<String> args = new ArrayList<>(List.of(out.split("\0", -1)));
        args.remove(args.size() - 1);
        return args;
    }
}
