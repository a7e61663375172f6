package com.meatscentral.golden.it.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.it.testbed.Run.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault hook the reliability tests use does what it says, and its undo restores the
 * part (every fault is undone in finally: later tests of the run share the testbed).
 */
@Tag("testbed")
class TestbedFaultTest {

    static Testbed testbed;
    static Map<String, String> backend;

    @BeforeAll
    static void load() {
        testbed = Testbed.load();
        backend = testbed.githubEnvironment("dev-backend");
    }

    /** A TCP connect from inside the backend droplet's namespace, as its sshd would make it. */
    static Result connectFromBastion(String host, String port) {
        return Run.run(
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        testbed.get("TESTBED_NETNS_BACKEND"),
                        "timeout",
                        "5",
                        "bash",
                        "-c",
                        "exec 3<>/dev/tcp/" + host + "/" + port + " && echo open"),
                Map.of(),
                null,
                Duration.ofSeconds(20));
    }

    @Test
    void stopDbRefusesConnectionsUntilUndone() {
        String host = backend.get("DEV_DB_HOST");
        String port = backend.get("DEV_DB_PORT");
        try {
            testbed.fault("stop-db");
            assertThat(connectFromBastion(host, port).output()).contains("Connection refused");
        } finally {
            testbed.fault("undo", "stop-db");
        }
        assertThat(connectFromBastion(host, port).output()).contains("open");
    }

    @Test
    void killBastionSshdRefusesSshUntilUndone() {
        String host = backend.get("DEV_HOST");
        Result afterKill;
        try {
            testbed.fault("kill-bastion-sshd");
            afterKill = Run.run(
                    List.of("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/" + host + "/22 && echo open"),
                    Map.of(),
                    null,
                    Duration.ofSeconds(20));
        } finally {
            testbed.fault("undo", "kill-bastion-sshd");
        }
        assertThat(afterKill.output()).contains("Connection refused");
        assertThat(Run.run(List.of("bash", "-c", "exec 3<>/dev/tcp/" + host + "/22 && echo open"))
                        .output())
                .contains("open");
    }
}
