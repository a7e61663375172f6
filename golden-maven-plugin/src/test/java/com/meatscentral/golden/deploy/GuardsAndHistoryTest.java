package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardsAndHistoryTest {

    @Test
    void productionRefusesLatestAndADirtyTree() {
        assertThatThrownBy(() -> ProdGuard.check("prod2-backend", "r/pm-backend:prod2-backend-latest", "latest", false))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("latest");
        assertThatThrownBy(() -> ProdGuard.check("prod2-frontend", "r/pm-frontend:prod2-frontend-abc", "abc", true))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("uncommitted");
        assertThatCode(() -> ProdGuard.check("prod2-backend", "r/pm-backend:prod2-backend-abc", "abc", false))
                .doesNotThrowAnyException();
        assertThatCode(() -> ProdGuard.check("dev-backend", "r/pm-backend:dev-backend-latest", "latest", true))
                .doesNotThrowAnyException();
    }

    @Test
    void rollbackTargetIsTheNewestSuccessWithAnotherSha() {
        FakeDroplet droplet = new FakeDroplet();
        DeployHistory h = new DeployHistory(droplet, "/opt/pm/dev-backend");
        h.append(new DeployHistory.Entry("v1", "i:v1", "sha256:1", "t1", "success", "a", "backend"));
        h.append(new DeployHistory.Entry("v2", "i:v2", "sha256:2", "t2", "success", "a", "backend"));
        h.append(new DeployHistory.Entry("v3", "i:v3", null, "t3", "rolled-back", "a", "backend"));
        h.append(new DeployHistory.Entry("v2", "i:v2", "sha256:2", "t4", "success", "a", "backend"));
        droplet.appendLine(h.path(), "{torn");

        assertThat(h.entries()).hasSize(4);
        assertThat(h.lastSuccess()).get().extracting(DeployHistory.Entry::sha).isEqualTo("v2");
        assertThat(h.previousSuccess())
                .get()
                .extracting(DeployHistory.Entry::sha)
                .isEqualTo("v1");
    }

    @Test
    void stepTableListsEveryStepWithItsDuration() {
        FakeTime time = new FakeTime();
        StepLog log = new StepLog(new RecordingConsole(), time);
        log.run("docker pull x", () -> time.now += Duration.ofMillis(1500).toNanos());
        assertThatThrownBy(() -> log.run("health", () -> {
            throw new GoldenException("down");
        }));

        assertThat(log.table())
                .isEqualTo("| step | result | duration |\n|---|---|---|\n"
                        + "| docker pull x | ok | 1.5 s |\n| health | FAILED | 0.0 s |\n");
    }
}
