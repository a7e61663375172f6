package com.meatscentral.golden.manifest;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;

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

    public ManifestException(Path file, String pointer, int line, int column, String problem, String hint) {
        this(file, pointer, line, column, problem, hint, null);
    }

    public ManifestException(Path file, String pointer, int line, int column, String problem, String hint,
                             Throwable cause) {
        super(format(file, pointer, line, column, problem), hint, cause);
        this.file = file;
        this.pointer = pointer;
        this.line = line;
        this.column = column;
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
