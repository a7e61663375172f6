package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;

/** One host's lines of a rollout over several droplets: each prefixed with {@code [host]}, so they read apart. */
final class HostConsole implements Console {

    private final Console console;
    private final String prefix;

    HostConsole(Console console, String host) {
        this.console = console;
        this.prefix = "[" + host + "] ";
    }

    @Override
    public void debug(String message) {
        console.debug(prefix + message);
    }

    @Override
    public void info(String message) {
        console.info(prefix + message);
    }

    @Override
    public void warn(String message) {
        console.warn(prefix + message);
    }

    @Override
    public void error(String message) {
        console.error(prefix + message);
    }
}
