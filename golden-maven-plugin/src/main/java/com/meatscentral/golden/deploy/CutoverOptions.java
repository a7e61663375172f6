package com.meatscentral.golden.deploy;

import java.time.Duration;

/**
 * How the droplet's proxy switches versions and how a deploy is interrupted.
 *
 * @param proxyImage     the proxy's nginx image (pulled on the droplet the first time)
 * @param drain          how long in-flight requests of the old version may take after the switch
 * @param interruptGrace how long the Ctrl-C hook waits for the deploy thread to put things back
 * @param staleAfter     a lock holder silent this long is reported as stale
 * @param takeOver       take over a stale lock ({@code -Dgolden.lock.takeOver})
 */
public record CutoverOptions(
        String proxyImage, Duration drain, Duration interruptGrace, Duration staleAfter, boolean takeOver) {

    public static final String DEFAULT_PROXY_IMAGE = "nginx:1.27-alpine";
    public static final CutoverOptions DEFAULT = new CutoverOptions(
            DEFAULT_PROXY_IMAGE,
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            DeployLock.Policy.DEFAULT_STALE,
            false);

    DeployLock.Policy lock(Duration wait) {
        return new DeployLock.Policy(wait, staleAfter, takeOver);
    }
}
