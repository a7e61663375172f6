package com.meatscentral.golden;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void aPrefixedConsoleKeepsEachLinesLevelAndPutsThePrefixInFront() {
        RecordingConsole out = new RecordingConsole();
        Console host = out.prefixed("[10.0.0.1] ");

        host.debug("d");
        host.info("i");
        host.warn("w");
        host.error("e");

        assertThat(out.lines)
                .containsExactly("DEBUG [10.0.0.1] d", "INFO [10.0.0.1] i", "WARN [10.0.0.1] w", "ERROR [10.0.0.1] e");
    }

    @Test
    void prefixesNestInTheOrderTheyWereAdded() {
        RecordingConsole out = new RecordingConsole();

        out.prefixed("[a] ").prefixed("[b] ").info("x");

        assertThat(out.lines).containsExactly("INFO [a] [b] x");
    }
}
