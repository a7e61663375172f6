package com.meatscentral.golden.deploy;

import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.util.ArrayList;
import java.util.List;

/** Small fixed shell scripts for the droplet; values only ever arrive as "$1", "$2", ... */
final class ShellScript {

    private ShellScript() {}

    /** {@code sh -c SCRIPT sh ARG...}: the script text is constant, the arguments are quoted by the ssh package. */
    static RemoteCommand of(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return RemoteCommand.of(argv);
    }

    /** What to show when a command failed: the last lines of stderr, else of stdout. */
    static String why(ExecResult r) {
        return r.lastLines(20).strip();
    }
}
