package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.secrets.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goal cores for an environment whose host variable holds two droplets (the reference
 * manifest's BASTION_HOST = DEV_HOST "10.77.0.4,10.77.0.3"): one connection per host, the
 * migration once through the bastion (the first listed), deploy, status and rollback on both.
 */
class EnvironmentRolloutTest {

    @TempDir
    Path tmp;

    private final Map<String, FakeDroplet> droplets = new LinkedHashMap<>();
    private final FakeTime time = new FakeTime();
    private final RecordingConsole console = new RecordingConsole();
    private final Redactor redactor = new Redactor();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> connectedTo = new ArrayList<>();
    private final List<String> migratedVia = new ArrayList<>();
    private int open;

    @BeforeEach
    void devSecrets() throws Exception {
        env.putAll(DevEnvironmentSecrets.write(tmp));
        env.put("DEV_HOST", "10.77.0.4,10.77.0.3");
        for (String host : List.of("10.77.0.3", "10.77.0.4")) {
            FakeDroplet d = new FakeDroplet();
            d.push("reg.local/pm-backend:dev-backend-v1", "sha256:b1", true);
            d.push("reg.local/pm-backend:dev-backend-v2", "sha256:b2", true);
            d.push(CutoverOptions.DEFAULT_PROXY_IMAGE, "sha256:px", true);
            droplets.put(host, d);
        }
    }

    private EnvironmentDeploy core() {
        return EnvironmentDeploy.of(b -> {
            b.console = console;
            b.actions = new GitHubActions(env, s -> {});
            b.redactor = redactor;
            b.connector = (values, c) -> {
                String host = values.require("BASTION_HOST");
                connectedTo.add(host);
                open++;
                FakeDroplet d = droplets.get(host);
                assertThat(d)
                        .as("a connection to one host, not to a list: " + host)
                        .isNotNull();
                return new FakeConnection(d, "deploy@" + host, () -> open--);
            };
            b.migration = (values, image, c) -> migratedVia.add(values.require("BASTION_HOST"));
            b.timing = time.timing();
        });
    }

    private DeployOptions options(String sha) {
        return FakeConnection.options("dev-backend", sha, false, "reg.local", env);
    }

    private void assertBothServe(String sha) {
        droplets.forEach((host, d) ->
                assertThat(d.serving("pm-backend")).as(host).isEqualTo("reg.local/pm-backend:dev-backend-" + sha));
    }

    @Test
    void deployStatusAndRollbackCoverEveryHostTheMigrationRunsOnceViaTheBastion() throws Exception {
        core().deploy(options("v1"));
        assertThat(migratedVia).containsExactly("10.77.0.4");
        assertBothServe("v1");
        core().deploy(options("v2"));
        assertThat(migratedVia).containsExactly("10.77.0.4", "10.77.0.4");
        assertBothServe("v2");
        assertThat(open).as("every connection closed").isZero();
        assertThat(Files.readString(tmp.resolve("output"))).contains("hosts=10.77.0.4,10.77.0.3\n", "sha=v2\n");
        assertThat(Files.readString(tmp.resolve("summary")))
                .contains("| 10.77.0.4 | switched | reg.local/pm-backend:dev-backend-v2 |")
                .contains("| 10.77.0.3 | switched |");

        String status = core().status(options("x"));
        assertThat(status)
                .contains("| 10.77.0.4 | bastion | reg.local/pm-backend:dev-backend-v2 | HTTP 200")
                .contains("| 10.77.0.3 | - | reg.local/pm-backend:dev-backend-v2 | HTTP 200")
                .contains("| free |");

        connectedTo.clear();
        core().rollback(options("rollback"), Optional.empty());
        assertBothServe("v1");
        assertThat(migratedVia).as("a rollback never migrates").hasSize(2);
        assertThat(connectedTo).containsExactly("10.77.0.4", "10.77.0.4", "10.77.0.3");
        assertThat(open).isZero();
        assertThat(console.text()).doesNotContain("ssh-pw-123", "do-token-123", "app-pw-123");
    }

    @Test
    void unlockReleasesEveryHostsLock() {
        droplets.values().forEach(d -> d.dirs.add(DeployLock.DIR));
        core().unlock(options("x"));
        droplets.forEach((host, d) -> assertThat(d.dirs).as(host).doesNotContain(DeployLock.DIR));
    }
}
