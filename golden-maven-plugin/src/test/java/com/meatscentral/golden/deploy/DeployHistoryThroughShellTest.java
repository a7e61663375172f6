package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history as a fresh droplet's shell writes it. The environment's folder under /opt/pm is
 * made by nothing else any more (the lock and the journal live in /opt/pm/.golden), so the first
 * deploy of an environment on a new droplet must be able to append its history line there.
 */
class DeployHistoryThroughShellTest {

    @TempDir
    Path tmp;

    @Test
    void theFirstHistoryLineOfAnEnvironmentCreatesItsFolder() {
        String envDir = tmp.resolve("opt-pm/dev-backend").toString();
        DeployHistory history = new DeployHistory(new ShellDroplet(new LocalShell(tmp)), envDir);

        history.append(
                new DeployHistory.Entry("abc123", "reg/backend:dev-backend-abc123", null, null, "success", null, null));
        history.append(
                new DeployHistory.Entry("def456", "reg/backend:dev-backend-def456", null, null, "success", null, null));

        assertThat(history.entries()).extracting(DeployHistory.Entry::sha).containsExactly("abc123", "def456");
    }
}
