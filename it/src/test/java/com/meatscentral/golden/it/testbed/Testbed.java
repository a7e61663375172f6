package com.meatscentral.golden.it.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The facts of the running testbed, read from the files it/testbed/up.sh writes:
 * {@code testbed.env} (TESTBED_* facts) and {@code env/<github-environment>.env} (what
 * that GitHub environment plus the repository secrets would expose to a job).
 *
 * <p>The files are read by {@code bash} itself ({@code source}), so the values are exactly
 * what a shell that sources them sees. A missing file is an error, never a skip: tests
 * tagged "testbed" must fail when the testbed is not up.
 */
public final class Testbed {

    private final Path root;
    private final Map<String, String> facts;

    private Testbed(Path root, Map<String, String> facts) {
        this.root = root;
        this.facts = facts;
    }

    /** The testbed of this checkout (system property golden.repo.root, else the working dir). */
    public static Testbed load() {
        Path repo = Path.of(System.getProperty("golden.repo.root", "."))
                .toAbsolutePath()
                .normalize();
        Path out = repo.resolve("it/testbed/target");
        Testbed testbed = new Testbed(out, source(out.resolve("testbed.env")));
        testbed.checkSafeAndCurrent();
        return testbed;
    }

    /**
     * Refuses to hand out addresses unless the running testbed is the one the files describe
     * and the safety route is in place: without it, a connect to a testbed address would
     * leave the machine by the default route.
     */
    private void checkSafeAndCurrent() {
        String db = Run.run(java.util.List.of("ip", "route", "get", get("TESTBED_DB_HOST")))
                .output();
        String droplet = Run.run(java.util.List.of("ip", "route", "get", get("TESTBED_BACKEND_IP")))
                .output();
        // `ip route get` on an unreachable route fails with "No route to host".
        if (!(db.contains("No route to host") || db.startsWith("unreachable"))
                || !droplet.contains("dev " + get("TESTBED_BRIDGE") + " ")) {
            throw new IllegalStateException("The testbed is not up: the root namespace has no unreachable route for "
                    + get("TESTBED_DB_SUBNET") + " or no bridge " + get("TESTBED_BRIDGE")
                    + " (refusing to connect anywhere)."
                    + " Run it/testbed/up.sh (as root) first.");
        }
        Path secrets = Path.of(get("TESTBED_STATE_DIR"), "secrets.env");
        try {
            if (!Files.exists(secrets)
                    || Files.getLastModifiedTime(secrets)
                                    .compareTo(Files.getLastModifiedTime(root.resolve("testbed.env")))
                            > 0) {
                throw new IllegalStateException("The testbed was brought up again after " + root.resolve("testbed.env")
                        + " was written (its keys and passwords are stale). Run it/testbed/up.sh again: when the testbed"
                        + " is up it only refreshes these files.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TESTBED_* fact; fails when it is absent. */
    public String get(String name) {
        String v = facts.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(name + " is missing from " + root.resolve("testbed.env"));
        }
        return v;
    }

    /** The variables a job of GitHub environment {@code env} (e.g. dev-backend) would see. */
    public Map<String, String> githubEnvironment(String env) {
        return source(root.resolve("env").resolve(env + ".env"));
    }

    public Path outputDir() {
        return root;
    }

    /**
     * Injects or undoes a fault through it/testbed/fault.sh, e.g. {@code fault("stop-db")},
     * {@code fault("undo", "stop-db")}; fails with the script's output when it fails.
     * Undo in a finally block: the testbed is shared by every later test of the run.
     */
    public void fault(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(root.getParent().resolve("fault.sh").toString());
        cmd.addAll(java.util.List.of(args));
        Run.Result r = Run.run(cmd, Map.of(), null, java.time.Duration.ofSeconds(120));
        if (r.exit() != 0) {
            throw new IllegalStateException(
                    "fault.sh " + String.join(" ", args) + " failed (exit " + r.exit() + "):\n" + r.output());
        }
    }

    /** Variables defined by sourcing {@code file} with bash (only those it exports). */
    static Map<String, String> source(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(
                    "The testbed is not up: " + file + " does not exist. Run it/testbed/up.sh (as root) first,"
                            + " or ./test.sh, which brings it up and down around the build.");
        }
        try {
            // env -i: only what the file exports (plus the few variables bash sets itself).
            Process p = new ProcessBuilder(
                            "env", "-i", "bash", "-c", "set -e; . \"$1\"; exec env -0", "bash", file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                out = buf.toByteArray();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("bash could not source " + file);
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (String entry : new String(out, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    String name = entry.substring(0, eq);
                    if (!name.equals("PWD") && !name.equals("SHLVL") && !name.equals("_")) {
                        vars.put(name, entry.substring(eq + 1));
                    }
                }
            }
            return Collections.unmodifiableMap(vars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
