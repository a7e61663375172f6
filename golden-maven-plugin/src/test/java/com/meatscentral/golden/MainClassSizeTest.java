package com.meatscentral.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One class per job: a main class over {@value #LIMIT} lines says why in its doc comment
 * ("Over 250 lines on purpose: ..."), or it is split. Checked here because classes grow a few
 * lines at a time and nobody notices the line they cross.
 */
class MainClassSizeTest {

    static final int LIMIT = 250;

    @Test
    void everyMainClassOverTheLimitSaysWhyInItsDocComment() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> unexplained;
        try (Stream<Path> files = Files.walk(main)) {
            unexplained = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f).size() > LIMIT)
                    .filter(f -> lines(f).stream().noneMatch(l -> l.contains("Over " + LIMIT + " lines")))
                    .map(f -> main.relativize(f) + " (" + lines(f).size() + " lines)")
                    .sorted()
                    .toList();
        }
        assertThat(unexplained)
                .as("split these classes, or say in their doc comment why they are over %d lines", LIMIT)
                .isEmpty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
