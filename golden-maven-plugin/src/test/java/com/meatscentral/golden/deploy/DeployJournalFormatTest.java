package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journal on a droplet outlives the golden that wrote it: a deploy interrupted under one
 * release is resolved by the next one, so the plan's JSON must keep reading (the builders of
 * this release must not change what Jackson reads).
 */
class DeployJournalFormatTest {

    private final FakeDroplet droplet = new FakeDroplet();

    /** A frontend deploy's journal as golden wrote it before DeployPlan had a builder (5884663), step 'drain' running. */
    private static final String WRITTEN_BEFORE = "{\"plan\":{\"id\":\"18c2f0a1b2c-4242\",\"env\":\"dev-frontend\","
            + "\"kind\":\"FRONTEND\",\"sha\":\"abc123\",\"image\":\"reg.local/pm-frontend:dev-frontend-abc123\","
            + "\"who\":\"alice\",\"runUrl\":\"https://github.com/acme/pm/actions/runs/7\",\"newSlot\":2,\"oldSlot\":1,"
            + "\"legacy\":false,\"reuse\":false,\"proxyImage\":\"nginx:1.27-alpine\",\"drainSeconds\":30,"
            + "\"credentialDir\":\"/opt/pm/.golden/docker-18c2f0a1b2c-4242\",\"runtimeEnvPath\":null,"
            + "\"envConfigPath\":\"/opt/pm/frontend/env/slot-2/env-config.js\","
            + "\"sitePath\":\"/etc/nginx/sites-enabled/default\","
            + "\"siteBackup\":\"/opt/pm/.golden/site-18c2f0a1b2c-4242.previous\"},"
            + "\"phase\":\"COMMITTED\",\"done\":[\"registry login\",\"docker pull reg.local/pm-frontend:dev-frontend-abc123\","
            + "\"verify digest\",\"cutover to pm-frontend-2\"],\"running\":\"drain pm-frontend-1\","
            + "\"digest\":\"sha256:f00d\",\"updated\":\"2026-11-30T06:00:00Z\"}\n";

    private static DeployPlan expectedPlan() {
        return DeployPlan.of(b -> {
            b.id = "18c2f0a1b2c-4242";
            b.env = "dev-frontend";
            b.kind = ServiceKind.FRONTEND;
            b.sha = "abc123";
            b.image = "reg.local/pm-frontend:dev-frontend-abc123";
            b.who = "alice";
            b.runUrl = "https://github.com/acme/pm/actions/runs/7";
            b.newSlot = 2;
            b.oldSlot = 1;
            b.proxyImage = "nginx:1.27-alpine";
            b.drainSeconds = 30;
            b.credentialDir = "/opt/pm/.golden/docker-18c2f0a1b2c-4242";
            b.envConfigPath = "/opt/pm/frontend/env/slot-2/env-config.js";
            b.sitePath = "/etc/nginx/sites-enabled/default";
            b.siteBackup = "/opt/pm/.golden/site-18c2f0a1b2c-4242.previous";
        });
    }

    @Test
    void aJournalWrittenByThePreviousReleaseIsReadWithItsWholePlan() {
        droplet.files.put(DeployPlan.journalPath(ServiceKind.FRONTEND), WRITTEN_BEFORE);

        DeployJournal.State s =
                DeployJournal.read(droplet, ServiceKind.FRONTEND).orElseThrow().state();

        assertThat(s.plan()).isEqualTo(expectedPlan());
        assertThat(s.phase()).isEqualTo(DeployJournal.Phase.COMMITTED);
        assertThat(s.done()).endsWith("cutover to pm-frontend-2");
        assertThat(s.running()).isEqualTo("drain pm-frontend-1");
        assertThat(s.digest()).isEqualTo("sha256:f00d");
        assertThat(s.plan().oldContainer()).isEqualTo("pm-frontend-1");
    }

    @Test
    void aJournalWrittenNowReadsBackAsTheSamePlan() {
        DeployJournal.start(droplet, expectedPlan()).enter("drain pm-frontend-1");

        assertThat(DeployJournal.read(droplet, ServiceKind.FRONTEND)
                        .orElseThrow()
                        .state())
                .satisfies(s -> assertThat(s.plan()).isEqualTo(expectedPlan()))
                .satisfies(s -> assertThat(s.running()).isEqualTo("drain pm-frontend-1"));
        assertThat(droplet.files.get(DeployPlan.journalPath(ServiceKind.FRONTEND)))
                .as("the same field names as the previous release wrote")
                .contains("\"newSlot\":2", "\"credentialDir\":", "\"siteBackup\":", "\"drainSeconds\":30");
    }

    @Test
    void aBuilderNamesEveryRequiredComponentLeftUnset() {
        assertThatThrownBy(() -> DeployPlan.of(b -> b.env = "dev-backend"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DeployPlan is missing id, kind, sha, image, proxyImage, newSlot (1 or 2):"
                        + " set it on the builder before build()");
        assertThatThrownBy(() -> DeployRequest.of(b -> {
                    b.env = "dev-frontend";
                    b.kind = ServiceKind.FRONTEND;
                    b.sha = "abc";
                    b.image = "reg.local/pm-frontend:dev-frontend-abc";
                    b.health = HealthPolicy.DEFAULT;
                    b.lockWait = Duration.ofSeconds(5);
                }))
                .hasMessageContaining("missing envConfigJs (a frontend's), backend (a frontend's)");
        assertThatThrownBy(() -> DeployOptions.of(b -> b.volumes = List.of()))
                .hasMessageContaining("missing manifest, env, health, lockWait");
    }
}
