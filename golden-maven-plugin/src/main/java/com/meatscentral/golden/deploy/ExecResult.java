package com.meatscentral.golden.deploy;

/** Exit code and the fully drained output of one remote command. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** stderr if there is any, else stdout: what to show when the command failed. */
    public String diagnostics() {
        String text = stderr == null || stderr.isBlank() ? stdout : stderr;
        return text == null ? "" : text.strip();
    }
}
