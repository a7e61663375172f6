package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.util.List;

/** The migration command exited non-zero; carries the code and the last (redacted) lines. */
public class MigrationFailedException extends GoldenException {

    private final int exitCode;

    public MigrationFailedException(int exitCode, List<String> lastLines) {
        super(
                "The migration container exited with code " + exitCode + "; last lines:" + System.lineSeparator() + "  "
                        + String.join(System.lineSeparator() + "  ", lastLines),
                "fix the migration (run it locally against a copy of the database), then re-run golden:migrate;"
                        + " nothing else was changed");
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
