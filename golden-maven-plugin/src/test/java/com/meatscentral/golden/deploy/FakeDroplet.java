package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory droplet for orchestration tests: containers with a name, image and state;
 * images that are "healthy" when running; files and directories. The real proof is the
 * testbed end-to-end test; this one pins the decisions (what is kept, removed, restored).
 */
final class FakeDroplet implements Droplet {

    static final class Container {
        String image;
        boolean running;
        Map<String, String> env = Map.of();

        Container(String image, boolean running) {
            this.image = image;
            this.running = running;
        }
    }

    final Map<String, Container> containers = new LinkedHashMap<>();
    final Set<String> registry = new HashSet<>();
    final Set<String> pulled = new HashSet<>();
    final Set<String> healthyImages = new HashSet<>();
    final Map<String, String> digests = new LinkedHashMap<>();
    final Map<String, String> files = new LinkedHashMap<>();
    final Map<String, Integer> modes = new LinkedHashMap<>();
    final Set<String> dirs = new HashSet<>();
    final List<String> log = new ArrayList<>();
    boolean portHeldByStranger;
    boolean nginxRejects;
    boolean proxyUp = true;
    String loggedInWith;
    Runnable onProbe = () -> { };

    void push(String image, String digest, boolean healthy) {
        registry.add(image);
        digests.put(image, digest);
        if (healthy) {
            healthyImages.add(image);
        }
    }

    @Override
    public String describe() {
        return "fake-droplet";
    }

    @Override
    public void login(String dockerConfigDir, String registry, String user, String token) {
        loggedInWith = token;
        log.add("login " + registry);
    }

    @Override
    public void pull(String dockerConfigDir, String image) {
        log.add("pull " + image);
        if (!registry.contains(image)) {
            throw new GoldenException("image " + image + " could not be pulled: manifest unknown");
        }
        pulled.add(image);
    }

    @Override
    public List<String> repoDigests(String image) {
        String repo = image.substring(0, image.lastIndexOf(':'));
        return List.of(repo + "@" + digests.get(image));
    }

    @Override
    public Optional<ContainerInfo> container(String name) {
        Container c = containers.get(name);
        return c == null ? Optional.empty()
                : Optional.of(new ContainerInfo(name, c.image, "sha256:id", c.running ? "running" : "exited", "t"));
    }

    private Container get(String name) {
        Container c = containers.get(name);
        if (c == null) {
            throw new GoldenException("No such container: " + name);
        }
        return c;
    }

    @Override
    public void rename(String from, String to) {
        log.add("rename " + from + " " + to);
        if (containers.containsKey(to)) {
            throw new GoldenException("name " + to + " is already in use");
        }
        containers.put(to, containers.remove(from));
        if (containers.get(to) == null) {
            throw new GoldenException("No such container: " + from);
        }
    }

    @Override
    public void stop(String name) {
        log.add("stop " + name);
        get(name).running = false;
    }

    @Override
    public void start(String name) {
        log.add("start " + name);
        get(name).running = true;
    }

    @Override
    public void remove(String name) {
        log.add("rm " + name);
        get(name);
        containers.remove(name);
    }

    @Override
    public void run(ContainerSpec spec, RuntimeEnvFile env, String envFilePath) {
        log.add("run " + spec.name() + " " + spec.image());
        if (containers.containsKey(spec.name())) {
            throw new GoldenException("container name " + spec.name() + " is already in use");
        }
        if (!pulled.contains(spec.image())) {
            throw new GoldenException("image not pulled: " + spec.image());
        }
        Container c = new Container(spec.image(), false);
        containers.put(spec.name(), c);
        if (portHeldByStranger) {
            throw new GoldenException("docker run " + spec.name() + " failed: port is already allocated");
        }
        c.running = true;
        c.env = env == null ? Map.of() : env.values();
    }

    @Override
    public List<String> logs(String name, int tail) {
        return List.of("Traceback: boom in " + get(name).image);
    }

    @Override
    public HealthProbe.ProbeResult probe(String url, Duration timeout) {
        onProbe.run();
        if (url.contains(":80/")) {
            return new HealthProbe.ProbeResult(proxyUp ? 200 : 502, "");
        }
        String name = url.contains("8000") ? "pm-backend" : "pm-frontend";
        Container c = containers.get(name);
        if (c == null || !c.running) {
            return new HealthProbe.ProbeResult(0, "Connection refused");
        }
        return healthyImages.contains(c.image) ? new HealthProbe.ProbeResult(200, "") : new HealthProbe.ProbeResult(500, "");
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) {
        files.put(path, new String(content, StandardCharsets.UTF_8));
        modes.put(path, mode);
    }

    @Override
    public Optional<String> readFile(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public void mkdirs(String path) {
        dirs.add(path);
    }

    @Override
    public boolean mkdirExclusive(String path) {
        return dirs.add(path);
    }

    @Override
    public void removeTree(String path) {
        dirs.removeIf(d -> d.equals(path) || d.startsWith(path + "/"));
        files.keySet().removeIf(f -> f.startsWith(path + "/"));
    }

    @Override
    public void removeFile(String path) {
        files.remove(path);
    }

    @Override
    public void appendLine(String path, String line) {
        files.merge(path, line + "\n", String::concat);
    }

    @Override
    public void installNginxSite(String sitePath, String content) {
        log.add("nginx " + sitePath);
        if (nginxRejects) {
            throw new GoldenException("nginx rejected the new site " + sitePath + " (the previous file is restored)");
        }
        files.put(sitePath, content);
    }

    String serving(String name) {
        Container c = containers.get(name);
        return c != null && c.running ? c.image : null;
    }
}
