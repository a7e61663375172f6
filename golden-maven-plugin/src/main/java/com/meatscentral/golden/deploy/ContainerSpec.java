package com.meatscentral.golden.deploy;

import java.util.List;

/**
 * What {@code docker run -d} gets for one service container. Runtime variables are given by
 * name only (values come from the sourced 0600 file, see {@link RuntimeEnvFile}).
 *
 * @param ports    {@code host:container} publications, e.g. {@code 8000:8000}
 * @param addHosts {@code name:address} entries for {@code --add-host}
 * @param volumes  {@code -v} specs, e.g. {@code /opt/pm/frontend/env/env-config.js:/usr/share/nginx/html/env-config.js:ro}
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> ports,
        List<String> addHosts,
        List<String> volumes,
        List<String> envNames) {

    public ContainerSpec {
        ports = List.copyOf(ports);
        addHosts = List.copyOf(addHosts);
        volumes = List.copyOf(volumes);
        envNames = List.copyOf(envNames);
    }

    public ContainerSpec withImage(String newImage) {
        return new ContainerSpec(name, newImage, ports, addHosts, volumes, envNames);
    }
}
