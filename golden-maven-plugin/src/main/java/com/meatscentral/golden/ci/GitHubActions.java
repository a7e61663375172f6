package com.meatscentral.golden.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * GitHub Actions workflow commands and files, as documented by GitHub:
 * {@code ::add-mask::}, {@code ::error file=,line=::}, {@code $GITHUB_STEP_SUMMARY},
 * {@code $GITHUB_OUTPUT}. Inactive outside Actions ({@code GITHUB_ACTIONS != "true"}):
 * then every method does nothing, so callers need no checks.
 */
public final class GitHubActions {

    private final Map<String, String> env;
    private final Consumer<String> stdout;

    public GitHubActions(Map<String, String> env, Consumer<String> stdout) {
        this.env = env;
        this.stdout = stdout;
    }

    /** From the real process environment, printing commands to standard output. */
    public static GitHubActions fromProcess() {
        return new GitHubActions(System.getenv(), System.out::println);
    }

    public boolean active() {
        return "true".equals(env.get("GITHUB_ACTIONS"));
    }

    /**
     * Must run before the value can ever be printed. One command with the data escaped as
     * {@code @actions/core}'s {@code setSecret} does ({@link #escapeData}): the runner unescapes
     * it, so a value holding {@code %0A} or {@code %25} is masked as itself, and a multi-line value
     * (masked whole and line by line by the runner) cannot end the command early. The
     * {@link com.meatscentral.golden.secrets.Redactor} also registers each line of a
     * multi-line value on its own.
     */
    public void addMask(String value) {
        if (!active() || value == null || value.isEmpty()) {
            return;
        }
        stdout.accept("::add-mask::" + escapeData(value));
    }

    public void error(String file, Integer line, String message) {
        annotation("error", file, line, message);
    }

    public void warning(String file, Integer line, String message) {
        annotation("warning", file, line, message);
    }

    private void annotation(String level, String file, Integer line, String message) {
        if (!active()) {
            return;
        }
        StringBuilder cmd = new StringBuilder("::").append(level);
        String sep = " ";
        if (file != null) {
            cmd.append(sep).append("file=").append(escapeProperty(file));
            sep = ",";
        }
        if (line != null) {
            cmd.append(sep).append("line=").append(line);
        }
        cmd.append("::").append(escapeData(message));
        stdout.accept(cmd.toString());
    }

    /** Appends Markdown to the job's step summary. */
    public void appendStepSummary(String markdown) {
        file("GITHUB_STEP_SUMMARY").ifPresent(f -> append(f, markdown.endsWith("\n") ? markdown : markdown + "\n"));
    }

    /** Sets a step output; multi-line values use the documented heredoc form. */
    public void setOutput(String name, String value) {
        file("GITHUB_OUTPUT").ifPresent(f -> {
            if (value.contains("\n") || value.contains("\r")) {
                String delimiter = "golden_" + UUID.randomUUID();
                append(f, name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n");
            } else {
                append(f, name + "=" + value + "\n");
            }
        });
    }

    private Optional<Path> file(String variable) {
        if (!active()) {
            return Optional.empty();
        }
        String path = env.get(variable);
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code @actions/core} command.ts {@code escapeData}: % first, then CR and LF. */
    static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** {@code @actions/core} command.ts {@code escapeProperty}: escapeData plus : and , (they delimit properties). */
    static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }
}
