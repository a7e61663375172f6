package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;
import java.util.List;

/**
 * The server's host key is not the one we expect: a pinned fingerprint differs, or
 * known_hosts has no entry or a different key. Carries both fingerprints.
 */
public class HostKeyRejectedException extends GoldenException {

    private final List<String> expected;
    private final String presented;
    private final boolean revoked;

    HostKeyRejectedException(String message, String hint, List<String> expected, String presented) {
        this(message, hint, expected, presented, false);
    }

    HostKeyRejectedException(String message, String hint, List<String> expected, String presented, boolean revoked) {
        super(message, hint);
        this.expected = List.copyOf(expected);
        this.presented = presented;
        this.revoked = revoked;
    }

    /** A known_hosts file marks the key {@code @revoked}: nothing, not even insecureHostKey, accepts it. */
    public boolean revoked() {
        return revoked;
    }

    /** What we trusted (pinned or from known_hosts); empty when the host was unknown. */
    public List<String> expected() {
        return expected;
    }

    /** The fingerprint of the key the server presented. */
    public String presented() {
        return presented;
    }
}
