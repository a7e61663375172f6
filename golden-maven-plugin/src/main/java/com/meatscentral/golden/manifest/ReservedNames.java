package com.meatscentral.golden.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Variable names a manifest may not declare: golden exports an environment's runtime variables
 * into the droplet shell that runs the docker CLI (and sources them in the wrapper script), so a
 * variable called PATH, LD_PRELOAD, IFS or DOCKER_HOST would change what that shell or the docker
 * CLI does rather than configure the container. docs/MANIFEST.md lists them.
 */
public final class ReservedNames {

    /** Read by the POSIX shell, bash or the dynamic loader on the droplet. */
    public static final Set<String> SHELL = Set.of(
            "PATH",
            "HOME",
            "IFS",
            "SHELL",
            "ENV",
            "BASH_ENV",
            "CDPATH",
            "PS1",
            "PS2",
            "PS4",
            "SHELLOPTS",
            "BASHOPTS",
            "GLOBIGNORE",
            "POSIXLY_CORRECT",
            "PWD",
            "OLDPWD",
            "TMPDIR",
            "USER",
            "LOGNAME",
            "OPTIND",
            "OPTARG",
            "PPID",
            "UID",
            "EUID",
            "HISTFILE",
            "PROMPT_COMMAND",
            "TERM",
            "LANG",
            "LANGUAGE",
            "NLSPATH");

    /** Read by the docker CLI besides DOCKER_*: its proxy settings. */
    public static final Set<String> DOCKER_CLI = Set.of("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY");

    /** Whole families: the dynamic loader (LD_*), bash's exported functions, the locale, the docker CLI. */
    public static final List<String> PREFIXES = List.of("LD_", "DYLD_", "BASH_FUNC_", "LC_", "DOCKER_");

    private ReservedNames() {}

    /** Why {@code name} is reserved, if it is. */
    public static Optional<String> why(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (SHELL.contains(name)) {
            return Optional.of("the droplet's shell reads " + name);
        }
        if (DOCKER_CLI.contains(upper)) {
            return Optional.of("the docker CLI on the droplet reads " + name);
        }
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of(
                        switch (prefix) {
                            case "DOCKER_" -> "the docker CLI on the droplet reads DOCKER_* variables";
                            case "LD_", "DYLD_" ->
                                "the dynamic loader reads " + prefix + "* variables (e.g. LD_PRELOAD)";
                            case "BASH_FUNC_" -> "bash imports BASH_FUNC_* variables as functions";
                            default -> "the locale of every program on the droplet is set by LC_* variables";
                        });
            }
        }
        return Optional.empty();
    }
}
