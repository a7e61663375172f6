package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "p@ss",
                "p:ss",
                "p/ss",
                "p%ss",
                "p#ss",
                "p?ss",
                "p ss",
                "p+ss",
                "p%41ss",
                "all@:/%#? +&=;[]!'\"\\$`",
                "ünïcødé€",
                "~-._"
            })
    void passwordRoundTripsInJavaAndPython(String password) throws Exception {
        DatabaseUrl url = new DatabaseUrl("us@r:x", password, "127.0.0.1", 5433, "app db");
        String value = url.value();
        assertThat(value).startsWith("postgresql://us%40r%3Ax:").endsWith("@127.0.0.1:5433/app%20db");
        assertThat(value.substring("postgresql://".length(), value.lastIndexOf('@')))
                .doesNotContain("@", "/", "#", "?", " ");
        assertThat(DatabaseUrl.parse(value)).isEqualTo(url);
        assertThat(url.toString()).doesNotContain(DatabaseUrl.encode(password)).contains(":****@");
        // What Django sees: dj-database-url splits with urlsplit and decodes with unquote.
        assertThat(python(value)).isEqualTo(String.join("\n", "us@r:x", password, "127.0.0.1", "5433", "app db"));
    }

    /** Parses the URL as dj-database-url does, printing user, password, host, port, name. */
    static String python(String url) throws IOException, InterruptedException {
        String script = "import sys, urllib.parse as u\n"
                + "p = u.urlsplit(sys.stdin.read())\n"
                + "sys.stdout.write('\\n'.join([u.unquote(p.username), u.unquote(p.password), p.hostname, str(p.port), u.unquote(p.path[1:])]))\n";
        Process proc = new ProcessBuilder("python3", "-c", script).start();
        proc.getOutputStream().write(url.getBytes(StandardCharsets.UTF_8));
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor()).as(err).isZero();
        return out;
    }
}
