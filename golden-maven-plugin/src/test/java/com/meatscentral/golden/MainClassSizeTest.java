package com.meatscentral.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One class per job: a main class over {@value #LIMIT} lines says why in its doc comment
 * ("Over 250 lines on purpose: ..."), or it is split. Checked here because classes grow a few
 * lines at a time and nobody notices the line they cross.
 */
class MainClassSizeTest {

    static final int LIMIT = 250;

    /** Where a top-level type's declaration starts: its doc comment stands above it. */
    static final Pattern TYPE = Pattern.compile(
            "^(public |final |abstract |sealed |non-sealed )*(class|record|enum|interface) ", Pattern.MULTILINE);

    @Test
    void everyMainClassOverTheLimitSaysWhyInItsDocComment() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> unexplained = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                long lines = text.lines().count();
                Matcher type = TYPE.matcher(text);
                String head = type.find() ? text.substring(0, type.start()) : "";
                if (lines > LIMIT && !head.contains("Over " + LIMIT + " lines")) {
                    unexplained.add(main.relativize(f) + " (" + lines + " lines)");
                }
            }
        }
        assertThat(unexplained)
                .as("split these classes, or say in their doc comment why they are over %d lines", LIMIT)
                .isEmpty();
    }
}
