package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The droplets of one environment and which of them is the bastion (migrations run there, once).
 * They come from the manifest's {@code "hosts"} list, or from the variable playing ssh_host
 * ({@code BASTION_HOST} in the reference manifest), which may hold one host (exactly as before)
 * or a comma-separated list. The bastion is the environment's {@code "bastion"}, else the first.
 *
 * @param hosts   in the manifest's order, no duplicates
 * @param bastion one of {@code hosts}
 */
public record DropletHosts(List<String> hosts, String bastion) {

    public DropletHosts {
        hosts = List.copyOf(hosts);
        if (!hosts.contains(bastion)) {
            throw new IllegalArgumentException("bastion " + bastion + " is not one of " + hosts);
        }
    }

    /**
     * The hosts when the environment names more than one; empty for one host (or none yet: the
     * single-host path reports a missing one as before), which then deploys exactly as it always did.
     */
    public static java.util.Optional<DropletHosts> several(EnvironmentValues values) {
        java.util.Optional<String> raw = values.get(Role.SSH_HOST);
        if (raw.isEmpty()
                || !raw.get().contains(",") && values.environment().bastion().isEmpty()) {
            return java.util.Optional.empty();
        }
        DropletHosts hosts = of(values);
        return hosts.single() ? java.util.Optional.empty() : java.util.Optional.of(hosts);
    }

    /**
     * The values a migration (or anything else run once per environment) connects with: the
     * bastion's address alone, and its fingerprint, when the environment names several droplets;
     * else {@code values} as they are.
     */
    public static EnvironmentValues bastionValues(EnvironmentValues values) {
        return several(values).map(h -> h.valuesFor(values, h.bastion())).orElse(values);
    }

    /** The hosts of {@code values}' environment; one clear message for an empty entry, a duplicate or an unknown bastion. */
    public static DropletHosts of(EnvironmentValues values) {
        String raw = values.require(Role.SSH_HOST);
        String where = values.environment().hosts().isEmpty()
                ? values.describe(Role.SSH_HOST)
                : "/environments/" + values.environment().name() + "/hosts";
        List<String> hosts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] parts = raw.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String h = parts[i].trim();
            if (h.isEmpty()) {
                problems.add("entry " + (i + 1) + " of " + parts.length + " is empty");
            } else if (h.chars().anyMatch(Character::isWhitespace)) {
                problems.add("entry " + (i + 1) + " holds whitespace inside a host name");
            } else if (hosts.contains(h)) {
                problems.add("entry " + (i + 1) + " repeats entry " + (hosts.indexOf(h) + 1));
            } else {
                hosts.add(h);
            }
        }
        String bastion = values.environment().bastion().orElse(hosts.isEmpty() ? null : hosts.get(0));
        if (bastion != null && !hosts.isEmpty() && !hosts.contains(bastion)) {
            problems.add("the bastion named at /environments/"
                    + values.environment().name() + "/bastion is not one of the " + hosts.size() + " hosts");
        }
        if (!problems.isEmpty() || hosts.isEmpty()) {
            // Host names may come from a secret: the message names positions, never the values.
            throw new GoldenException(
                    "the host list of environment " + values.environment().name() + " (" + where + ") is not usable: "
                            + String.join("; ", problems),
                    "give one host, or several separated by commas without empty entries or repeats"
                            + " (e.g. 10.0.0.5,10.0.0.6); \"bastion\" in the environment must name one of them");
        }
        return new DropletHosts(hosts, bastion);
    }

    /**
     * The values one host's connection uses: the host alone, and its own pinned fingerprint when
     * the fingerprint variable holds one per host (comma-separated, in the hosts' order); a single
     * fingerprint applies to every host (droplets made from one image may share their host key).
     */
    public EnvironmentValues valuesFor(EnvironmentValues values, String host) {
        EnvironmentValues one = values.forHost(host);
        java.util.Optional<String> pins = values.get(Role.SSH_HOST_FINGERPRINT).filter(f -> f.contains(","));
        if (pins.isEmpty()) {
            return one;
        }
        String[] each = pins.get().split(",", -1);
        if (each.length != hosts.size()) {
            throw new GoldenException(
                    "the host fingerprint of environment "
                            + values.environment().name() + " ("
                            + values.describe(Role.SSH_HOST_FINGERPRINT) + ") lists " + each.length
                            + " fingerprints for " + hosts.size() + " hosts",
                    "give one fingerprint per host, comma-separated in the hosts' order, or one for all,"
                            + " or none and list the hosts' keys in known_hosts (SSH_KNOWN_HOSTS or -Dgolden.ssh.knownHosts)");
        }
        return one.with(Role.SSH_HOST_FINGERPRINT, each[hosts.indexOf(host)].trim());
    }

    public boolean single() {
        return hosts.size() == 1;
    }

    /** The order a rollout switches hosts: the bastion first (the barrier host), then the others as listed. */
    public List<String> rolloutOrder() {
        List<String> order = new ArrayList<>();
        order.add(bastion);
        hosts.stream().filter(h -> !h.equals(bastion)).forEach(order::add);
        return order;
    }

    /**
     * The order a host's lock is taken in, the same for every runner (golden:deploy, golden:unlock),
     * so two runners never deadlock: the second waits for the first host the first one holds.
     */
    public static final java.util.Comparator<String> LOCK_ORDER = java.util.Comparator.naturalOrder();

    /** The hosts in {@link #LOCK_ORDER}. */
    public List<String> lockOrder() {
        return hosts.stream().sorted(LOCK_ORDER).toList();
    }
}
