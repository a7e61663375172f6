package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image reference {@code [host[:port]/]path[:tag][@digest]}, validated with the
 * grammar of distribution/reference (lower-case path components, tag of at most 128
 * characters, whole name at most 255). The registry host is the first component when it
 * contains a '.' or ':' or is {@code localhost}, as the Docker CLI decides it.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN =
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*" + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final Pattern REFERENCE = Pattern.compile(
            "^((?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*)"
                    + "(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$");
    private static final Pattern TAG = Pattern.compile("^[\\w][\\w.-]{0,127}$");

    /** Parses {@code text}; {@code where} names the configuration it came from, for the message. */
    public static ImageReference parse(String text, String where) {
        Matcher m = REFERENCE.matcher(text == null ? "" : text);
        if (text == null || !m.matches() || m.group(1).length() > 255) {
            throw new GoldenException(
                    "Invalid image reference '" + text + "' (" + where + ")",
                    "use [host[:port]/]name[:tag] with a lower-case name of letters, digits and . _ -"
                            + " separated by '/', and a tag of at most 128 of [A-Za-z0-9_.-] not starting with . or -"
                            + ", e.g. registry.digitalocean.com/meatscentral/backend:uat2-backend-1a2b3c4");
        }
        String name = m.group(1);
        String registry = null;
        String repository = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                repository = name.substring(slash + 1);
            }
        }
        return new ImageReference(registry, repository, m.group(2), m.group(3));
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** The name without tag or digest: what {@code docker push} takes. */
    public String name() {
        return registry == null ? repository : registry + "/" + repository;
    }

    /** The host credentials are looked up for; Docker Hub when the name has none. */
    public String registryHost() {
        return registry == null ? "docker.io" : registry;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
