package com.meatscentral.golden.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker CLI that can drive the engine's BuildKit. Chosen by version, not by being first on
 * the PATH: clients 18.09 to 22.x build with BuildKit under {@code DOCKER_BUILDKIT=1} by
 * themselves; a client of 23 or later refuses BuildKit without the buildx plugin, so it only
 * counts when {@code docker buildx version} answers. Every {@code docker} on the PATH is asked
 * ({@code docker --version} needs no engine), the first that can do it wins.
 */
public record DockerCli(Path executable, String version, boolean buildx) {

    private static final Pattern VERSION = Pattern.compile("Docker version (\\d+)\\.(\\d+)[^,\\s]*");
    static final long PROBE_SECONDS = 10;

    /** What {@link #find} found, with the reason each client on the PATH was passed over. */
    public record Search(Optional<DockerCli> cli, List<String> rejected) {}

    private static final Map<String, Search> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The first docker client on {@code PATH} (from {@code env}) that can build with BuildKit;
     * remembered per PATH for the JVM (Maven keeps the plugin loaded for every module of a build).
     */
    public static Search find(Map<String, String> env) {
        return FOUND.computeIfAbsent(
                env.getOrDefault("PATH", "") + "\0" + env.getOrDefault("DOCKER_CONFIG", ""), k -> search(env));
    }

    static Search search(Map<String, String> env) {
        List<String> rejected = new ArrayList<>();
        for (Path candidate : candidates(env.getOrDefault("PATH", ""))) {
            String out = probe(candidate, env, "--version");
            Matcher m = out == null ? null : VERSION.matcher(out);
            if (m == null || !m.find()) {
                rejected.add(candidate + " (no version from `docker --version`)");
                continue;
            }
            String version = m.group(0).substring("Docker version ".length());
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            // Only a client of 23 or later needs the plugin; asking the others would cost a process each.
            boolean buildx = major >= 23 && probe(candidate, env, "buildx", "version") != null;
            Optional<String> why = unsuitable(major, minor, buildx);
            if (why.isPresent()) {
                rejected.add(candidate + " " + version + " (" + why.get() + ")");
                continue;
            }
            return new Search(Optional.of(new DockerCli(candidate, version, buildx)), List.copyOf(rejected));
        }
        return new Search(Optional.empty(), List.copyOf(rejected));
    }

    /** Why a client of this version cannot build with BuildKit; empty when it can. */
    static Optional<String> unsuitable(int major, int minor, boolean buildx) {
        if (major < 18 || (major == 18 && minor < 9)) {
            return Optional.of("older than 18.09, which brought BuildKit");
        }
        if (major >= 23 && !buildx) {
            return Optional.of("23 or later needs the buildx plugin for BuildKit, and `docker buildx version` fails");
        }
        return Optional.empty();
    }

    /** Clients from 20.10 read a secret from an environment variable ({@code --secret id=x,env=VAR}). */
    public boolean secretsFromEnvironment() {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        return major > 20 || (major == 20 && Integer.parseInt(m.group(2)) >= 10);
    }

    @Override
    public String toString() {
        return executable + " " + version + (buildx ? " (buildx)" : "");
    }

    /** Each {@code docker} executable on the PATH once (by real path), in PATH order. */
    static List<Path> candidates(String path) {
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> found = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path exe = Path.of(dir, "docker");
            if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
                continue;
            }
            Path real;
            try {
                real = exe.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (seen.add(real)) {
                found.add(exe);
            }
        }
        return found;
    }

    /** The output of {@code exe args} when it exits 0 within {@link #PROBE_SECONDS}, else null. */
    private static String probe(Path exe, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(exe.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // The answers are a line or two: they fit the pipe, so waiting first cannot block the client.
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
