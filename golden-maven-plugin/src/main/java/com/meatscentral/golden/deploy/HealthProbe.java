package com.meatscentral.golden.deploy;

import java.time.Duration;

/** One HTTP request made from the droplet; the HTTP status, or 0 when nothing answered. */
@FunctionalInterface
public interface HealthProbe {

    ProbeResult probe(String url, Duration timeout);

    record ProbeResult(int status, String detail) {
        public boolean healthy() {
            return status >= 200 && status < 400;
        }

        @Override
        public String toString() {
            return status == 0
                    ? "no answer" + (detail == null || detail.isBlank() ? "" : " (" + detail + ")")
                    : "HTTP " + status;
        }
    }
}
