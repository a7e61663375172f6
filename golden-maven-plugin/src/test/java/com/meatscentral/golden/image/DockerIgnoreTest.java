package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerIgnoreTest {

    /** The table shared with it/ DockerIgnoreCliTest, which checks it against a real docker build. */
    static List<String[]> cases() throws IOException {
        try (InputStream in = DockerIgnoreTest.class.getResourceAsStream("dockerignore-cases.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("# ") && !l.isBlank())
                    .map(l -> l.split("\t"))
                    .toList();
        }
    }

    static Stream<Arguments> table() throws IOException {
        return cases().stream().map(c -> Arguments.of(c[0], c[1], Boolean.parseBoolean(c[2])));
    }

    @ParameterizedTest(name = "[{0}] {1} excluded={2}")
    @MethodSource("table")
    void matchesLikeTheDockerCli(String patterns, String path, boolean excluded) {
        DockerIgnore ignore = DockerIgnore.parse(String.join("\n", Arrays.asList(patterns.split(" ; "))), "test");
        assertThat(ignore.excludes(path)).as("%s with %s", path, patterns).isEqualTo(excluded);
    }

    @Test
    void tableHasCasesOfEveryKind() throws IOException {
        List<String[]> cases = cases();
        assertThat(cases).hasSizeGreaterThan(40);
        assertThat(cases).anyMatch(c -> c[0].contains("!"));
        assertThat(cases).anyMatch(c -> c[0].contains("**"));
        assertThat(cases).anyMatch(c -> c[0].startsWith("/"));
        assertThat(cases).anyMatch(c -> c[0].endsWith("/"));
        assertThat(cases).anyMatch(c -> c[0].startsWith("#"));
    }

    @Test
    void aBareExclamationMarkIsOneClearError() {
        assertThatThrownBy(() -> DockerIgnore.parse("*.md\n!\n", "ctx/.dockerignore"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("ctx/.dockerignore line 2");
    }

    @Test
    void windowsLineEndingsAndByteOrderMarkAreRead() {
        DockerIgnore ignore = DockerIgnore.parse("\uFEFFsecret.txt\r\n*.log\r\n", "t");
        assertThat(ignore.excludes("secret.txt")).isTrue();
        assertThat(ignore.excludes("a.log")).isTrue();
    }

    @Test
    void cleanFollowsGoPathClean() {
        assertThat(DockerIgnore.clean("./a//b/../c/")).isEqualTo("a/c");
        assertThat(DockerIgnore.clean("/x/")).isEqualTo("/x");
        assertThat(DockerIgnore.clean("..")).isEqualTo("..");
        assertThat(DockerIgnore.clean("")).isEqualTo(".");
    }
}
