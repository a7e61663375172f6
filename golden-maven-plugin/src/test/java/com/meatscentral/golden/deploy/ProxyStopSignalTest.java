package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The proxy is stopped at a proxy upgrade (and by the engine at a reboot): with docker's default
 * SIGTERM nginx shuts down fast and cuts the requests it is answering; with SIGQUIT it stops
 * accepting and finishes them. Images that declare no STOPSIGNAL (the testbed's Debian nginx)
 * would otherwise get TERM.
 */
class ProxyStopSignalTest {

    @Test
    void theProxyIsStartedWithNginxsGracefulStopSignal() {
        assertThat(DockerCommands.runProxy("pm-backend-proxy", "nginx:1.27-alpine", "/opt/pm/.golden/pm-backend-proxy")
                        .argv())
                .containsSubsequence("docker", "run", "--stop-signal", "QUIT", "nginx:1.27-alpine", "nginx")
                .containsSubsequence("-v", "/opt/pm/.golden/pm-backend-proxy:" + ProxyConfig.MOUNT + ":ro");
    }
}
