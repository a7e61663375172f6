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
 * An in-memory droplet for orchestration tests: containers with a name, image, state and the
 * loopback port they publish; the proxy (which slot it sends traffic to, as of its last
 * reload); images that are "healthy" when running; files, directories and the host nginx site.
 * The real proof is the testbed end-to-end test; this one pins the decisions.
 */
final class FakeDroplet implements Droplet {

    static final class Container {
        String image;
        boolean running;
        int port;
        String config;
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
    /** Containers whose {@link #stopInBackground} has not ended yet (they still run). */
    final Set<String> stopping = new HashSet<>();
    /** The containers asked about ({@link #container}), in order: each is a `docker inspect` on a real droplet. */
    final List<String> inspected = new ArrayList<>();
    /** What each proxy serves: the live.conf it read at its start or last reload. */
    final Map<String, String> proxyActive = new LinkedHashMap<>();
    /** The host nginx site nginx has loaded. */
    String loadedSite;

    boolean portHeldByStranger;
    boolean nginxRejects;
    boolean proxyUp = true;
    String loggedInWith;
    String loggedInUser;
    Runnable onProbe = () -> {};

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
        loggedInUser = user;
        files.put(dockerConfigDir + "/config.json", "{\"auths\":{}}");
        dirs.add(dockerConfigDir);
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
    public boolean hasImage(String image) {
        return pulled.contains(image);
    }

    @Override
    public List<String> repoDigests(String image) {
        String repo = image.substring(0, image.lastIndexOf(':'));
        return List.of(repo + "@" + digests.get(image));
    }

    @Override
    public Optional<ContainerInfo> container(String name) {
        inspected.add(name);
        Container c = containers.get(name);
        return c == null
                ? Optional.empty()
                : Optional.of(new ContainerInfo(name, c.image, "sha256:id", c.running ? "running" : "exited", "t"));
    }

    /** When set, the proxy's nginx rejects every new configuration with this {@code nginx -t} text. */
    String proxyRejects;

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
        containers.put(to, get(from));
        containers.remove(from);
    }

    @Override
    public void stop(String name) {
        log.add("stop " + name);
        stopping.remove(name);
        Container c = containers.get(name);
        if (c != null) { // as ShellDroplet: a missing container is left as it is
            c.running = false;
        }
    }

    /**
     * As on a droplet: the container goes on running until its stop ends, which a later {@link #stop}
     * waits for; {@link #settle} ends every such stop (time passing).
     */
    @Override
    public void stopInBackground(String name, String logPath) {
        log.add("stop " + name);
        if (containers.containsKey(name)) {
            stopping.add(name);
            files.put(logPath, "");
        }
    }

    /** Every background stop has ended. */
    void settle() {
        stopping.forEach(n -> {
            Container c = containers.get(n);
            if (c != null) {
                c.running = false;
            }
        });
        stopping.clear();
    }

    @Override
    public void start(String name) {
        log.add("start " + name);
        if (stopping.remove(name)) {
            // docker start of a container still running is a no-op; the stop in flight then ends it
            containers.get(name).running = false;
            return;
        }
        Container c = get(name);
        if (!c.running && portTaken(c.port)) {
            throw new GoldenException("docker start " + name + ": port is already allocated");
        }
        c.running = true;
        if (name.endsWith("-proxy")) {
            proxyActive.put(name, files.get(proxyDir(name) + "/live.conf"));
        }
    }

    @Override
    public void remove(String name) {
        log.add("rm " + name);
        stopping.remove(name);
        containers.remove(name); // idempotent, as ShellDroplet
        proxyActive.remove(name);
    }

    private boolean portTaken(int port) {
        return port != 0 && containers.values().stream().anyMatch(o -> o.running && o.port == port);
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
        if (spec.ports().stream().anyMatch(p -> !p.startsWith("127.0.0.1:"))) {
            throw new AssertionError("an app container publishes beyond the droplet's loopback: " + spec.ports());
        }
        Container c = new Container(spec.image(), false);
        c.port = spec.ports().isEmpty()
                ? 0
                : Integer.parseInt(spec.ports().get(0).split(":")[1]);
        c.config = spec.volumes().stream()
                .filter(v -> v.contains("env-config.js"))
                .map(v -> v.substring(0, v.indexOf(':')))
                .findFirst()
                .orElse(null);
        containers.put(spec.name(), c);
        if (portHeldByStranger || portTaken(c.port)) {
            throw new GoldenException("docker run " + spec.name() + " failed: port is already allocated");
        }
        c.running = true;
        c.env = env == null ? Map.of() : env.values();
    }

    @Override
    public List<String> logs(String name, int tail) {
        return List.of("Traceback: boom in " + get(name).image);
    }

    /** What answers on a URL of the droplet: a slot port, the public port through the proxy, or nginx on :80. */
    @Override
    public HealthProbe.ProbeResult probe(String url, Duration timeout) {
        onProbe.run();
        if (url.contains(":80/")) {
            return new HealthProbe.ProbeResult(proxyUp ? 200 : 502, "");
        }
        Container c = behind(url);
        if (c == null || !c.running) {
            return new HealthProbe.ProbeResult(0, "Connection refused");
        }
        return healthyImages.contains(c.image)
                ? new HealthProbe.ProbeResult(200, "")
                : new HealthProbe.ProbeResult(500, "");
    }

    private Container behind(String url) {
        int port = Integer.parseInt(url.replaceAll("^http://[^:]+:(\\d+)/.*$", "$1"));
        String kind = port / 10 == 800 ? "pm-backend" : "pm-frontend";
        if (port % 10 != 0) {
            return containers.values().stream()
                    .filter(c -> c.port == port && c.running)
                    .findFirst()
                    .orElse(null);
        }
        Container proxy = containers.get(kind + "-proxy");
        if (proxy != null && proxy.running) {
            int slot = ProxyConfig.slotOf(proxyActive.get(kind + "-proxy"));
            return slot == 0
                    ? null
                    : containers.values().stream()
                            .filter(c -> c.port == port + slot && c.running)
                            .findFirst()
                            .orElse(null);
        }
        Container legacy = containers.get(kind);
        return legacy != null && legacy.port == port ? legacy : null;
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
        loadedSite = content;
    }

    private static String proxyDir(String proxy) {
        return "/opt/pm/.golden/" + proxy;
    }

    @Override
    public void runProxy(String name, String image, String configDir) {
        log.add("run " + name);
        if (!pulled.contains(image)) {
            throw new GoldenException("image not pulled: " + image);
        }
        if (containers.containsKey(name)) {
            throw new GoldenException("container name " + name + " is already in use");
        }
        int port = name.startsWith("pm-backend") ? 8000 : 8080;
        Container c = new Container(image, false);
        c.port = port;
        containers.put(name, c);
        if (portTaken(port)) {
            throw new GoldenException("docker run " + name + " failed: port is already allocated");
        }
        c.running = true;
        proxyActive.put(name, files.get(configDir + "/live.conf"));
    }

    @Override
    public void reloadProxy(String name) {
        log.add("reload " + name);
        if (!get(name).running) {
            throw new GoldenException("container " + name + " is not running");
        }
        if (proxyRejects != null) {
            return; // nginx logs the error and keeps serving with its previous configuration
        }
        proxyActive.put(name, files.get(proxyDir(name) + "/live.conf"));
    }

    @Override
    public Optional<String> proxyConfigProblem(String name) {
        log.add("nginx -t " + name);
        return Optional.ofNullable(proxyRejects);
    }

    @Override
    public int drainingWorkers(String name) {
        return 0;
    }

    @Override
    public int servedSlot(String url, Duration timeout) {
        Container c = behind(url);
        return c == null || !c.running ? 0 : c.port % 10;
    }

    /** The image that answers on the service's public port, or null. */
    String serving(String service) {
        Container c = servingContainer(service);
        return c == null || !c.running ? null : c.image;
    }

    Container servingContainer(String service) {
        return behind("http://localhost:" + (service.equals("pm-backend") ? 8000 : 8080) + "/");
    }

    /** The env-config.js the serving frontend container mounts. */
    String servedConfig() {
        Container c = servingContainer("pm-frontend");
        return c == null || c.config == null ? null : files.get(c.config);
    }
}
