package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import java.util.regex.Pattern;

/**
 * BACKEND_IP, validated before it goes into nginx config or a docker --add-host flag:
 * an IPv4 address, or a DNS host name. Never arbitrary text (a value like
 * {@code 1.2.3.4; } followed by nginx directives would otherwise rewrite the site).
 */
public record BackendAddress(String value) {

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public BackendAddress {
        boolean numeric = value != null && value.matches("[0-9.]+");
        // All digits and dots must be a valid IPv4 address (10.0.0.256 is not a host name either).
        if (value == null
                || !(IPV4.matcher(value).matches()
                        || !numeric && HOST.matcher(value).matches())) {
            throw new GoldenException(
                    "BACKEND_IP '" + value + "' is neither an IPv4 address nor a host name",
                    "set the environment's BACKEND_IP secret to the backend droplet's address, e.g. 10.0.0.5");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
