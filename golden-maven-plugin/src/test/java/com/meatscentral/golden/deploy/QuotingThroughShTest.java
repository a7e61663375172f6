package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import com.meatscentral.golden.ssh.ShellQuote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotingThroughShTest {

    @TempDir
    Path tmp;

    @Test
    void everyArgumentReachesTheProgramUnchangedThroughARealShell() throws Exception {
        Path marker = tmp.resolve("pwned");
        List<String> nasty = List.of(
                "plain",
                "",
                "two words",
                "it's",
                "\"double\"",
                "$(touch " + marker + ")",
                "`touch " + marker + "`",
                "a;touch " + marker,
                "back\\slash",
                "line1\nline2",
                "tab\there",
                "*",
                "~",
                "--flag",
                "$HOME",
                "'\"$(touch " + marker + ")\n",
                "ünïcødé ✓",
                "!history");
        LocalShell shell = new LocalShell(tmp);
        // printf prints each argument followed by NUL: the exact bytes the program received.
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(nasty);

        ExecResult r = shell.exec(RemoteCommand.of(argv));

        assertThat(r.exitStatus()).isZero();
        assertThat(r.stdout().split("\0", -1)).containsExactly(concat(nasty, ""));
        assertThat(Files.exists(marker)).as("nothing was executed").isFalse();
    }

    private static String[] concat(List<String> values, String last) {
        List<String> all = new java.util.ArrayList<>(values);
        all.add(last);
        return all.toArray(String[]::new);
    }

    @Test
    void plainWordsStayReadable() {
        assertThat(ShellQuote.join(List.of("docker", "pull", "reg.local:5000/pm-backend:dev-abc123")))
                .isEqualTo("docker pull reg.local:5000/pm-backend:dev-abc123");
        assertThat(ShellQuote.quote("a b")).isEqualTo("'a b'");
        assertThat(ShellQuote.quote("")).isEqualTo("''");
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
