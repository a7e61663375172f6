package com.meatscentral.golden.manifest;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;
import java.util.List;

/**
 * A problem in a manifest file, located: file, JSON pointer, line and column (1-based;
 * 0 when unknown). The message reads {@code FILE:LINE:COL: at POINTER: what is wrong}
 * (no pointer for problems of the whole file, such as malformed JSON).
 */
public class ManifestException extends GoldenException {

    private final Path file;
    private final String pointer;
    private final int line;
    private final int column;
    private List<ManifestException> problems = List.of();

    public ManifestException(Path file, String pointer, int line, int column, String problem, String hint) {
        this(file, pointer, line, column, problem, hint, null);
    }

    public ManifestException(
            Path file, String pointer, int line, int column, String problem, String hint, Throwable cause) {
        super(format(file, pointer, line, column, problem), hint, cause);
        this.file = file;
        this.pointer = pointer;
        this.line = line;
        this.column = column;
    }

    private ManifestException(Path file, List<ManifestException> problems) {
        super(
                "Invalid manifest " + file + ": " + problems.size() + " problems"
                        + problems.stream()
                                .map(p -> System.lineSeparator() + "  " + p.located() + System.lineSeparator()
                                        + "      fix: " + p.hint().orElse("see docs/MANIFEST.md"))
                                .collect(java.util.stream.Collectors.joining()),
                "fix each problem listed (the manifest formats: docs/MANIFEST.md)");
        ManifestException first = problems.get(0);
        this.file = file;
        this.pointer = first.pointer;
        this.line = first.line;
        this.column = first.column;
        this.problems = List.copyOf(problems);
    }

    /** One exception for {@code problems}: the problem itself when there is one, else a list of all. */
    static ManifestException all(Path file, List<ManifestException> problems) {
        return problems.size() == 1 ? problems.get(0) : new ManifestException(file, problems);
    }

    /** Every problem this exception reports (itself, when it is one). */
    public List<ManifestException> problems() {
        return problems.isEmpty() ? List.of(this) : problems;
    }

    /** {@code FILE:LINE:COL: at POINTER: problem}, for a list of problems. */
    private String located() {
        String m = getMessage();
        return m.startsWith("Invalid manifest ") ? m.substring("Invalid manifest ".length()) : m;
    }

    private static String format(Path file, String pointer, int line, int column, String problem) {
        StringBuilder s = new StringBuilder("Invalid manifest ").append(file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        if (!pointer.isEmpty()) {
            s.append(": at ").append(pointer);
        }
        s.append(": ").append(problem);
        return s.toString();
    }

    public Path file() {
        return file;
    }

    /** JSON pointer (RFC 6901) of the offending value; "" for the document. */
    public String pointer() {
        return pointer;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
