package com.meatscentral.golden.it.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code mvn} of this checkout as a CI job runs it, for the e2e tests: the wrapper in batch mode
 * with the it module's settings and local repository, in a project directory, with the job's
 * environment only. Not {@code -o}: golden's network goals refuse Maven's offline mode.
 *
 * <pre>
 *   Maven.Result r = Maven.in(dir).withReferenceManifest().deployingTo(testbed)
 *           .env(secrets).args("golden:deploy", "-Denv=dev-backend").run(Duration.ofMinutes(10));
 * </pre>
 */
public final class Maven {

    /** How {@code mvn} ended and everything it printed (output and error merged). */
    public record Result(int exit, String output) {}

    private static final Path ROOT = Path.of(System.getProperty("golden.repo.root", "."))
            .toAbsolutePath()
            .normalize();

    private final Path dir;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean interruptible;
    private boolean noOpMigration;

    private Maven(Path dir) {
        this.dir = dir;
    }

    /** {@code mvn} run in {@code projectDir} (created when missing). */
    public static Maven in(Path projectDir) throws IOException {
        Files.createDirectories(projectDir);
        return new Maven(projectDir);
    }

    /** Copies this checkout's reference manifest to {@code config/env.manifest.json} of the project directory. */
    public Maven withReferenceManifest() throws IOException {
        synchronized (Maven.class) { // two deploys started at once may share the directory
            Files.createDirectories(dir.resolve("config"));
            Files.copy(
                    ROOT.resolve("config/env.manifest.json"),
                    dir.resolve("config/env.manifest.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return this;
    }

    /**
     * What every deploy to the testbed passes: its registry and known_hosts, the droplet's own
     * tunnel port, and a migration command that does nothing (the test images have no Django)
     * unless the arguments name another one.
     */
    public Maven deployingTo(Testbed testbed) {
        noOpMigration = true;
        return args(
                "-Dgolden.registries=" + testbed.get("TESTBED_REGISTRY"),
                "-Dgolden.ssh.knownHosts=" + testbed.get("TESTBED_SSH_KNOWN_HOSTS"),
                "-Dgolden.tunnel.port=0");
    }

    public Maven args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Variables of the job's environment (its secrets); set after the runner's own are cleared. */
    public Maven env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Started so that Ctrl-C (SIGINT) reaches Maven's JVM even when the test JVM ignores SIGINT. */
    public Maven interruptible() {
        this.interruptible = true;
        return this;
    }

    /** The command line as it is started. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        if (interruptible) {
            command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        command.addAll(List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-s",
                System.getProperty("golden.it.settings"),
                "-Dmaven.repo.local=" + System.getProperty("golden.it.localRepo")));
        command.addAll(args);
        if (noOpMigration && args.stream().noneMatch(a -> a.startsWith("-Dgolden.migrate.command="))) {
            command.add("-Dgolden.migrate.command=/bin/busybox true");
        }
        return command;
    }

    /** Starts {@code mvn}, its output going to {@code output}; {@link #finish} waits for it. */
    public Process start(Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = pb.environment();
        // The runner's own GitHub variables, Maven arguments and testbed secrets (DEV_*) stay out:
        // the job sees exactly the environment the test gives it.
        environment.keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("DEV_") || k.equals("MAVEN_ARGS"));
        environment.putAll(env);
        return pb.start();
    }

    /** Runs {@code mvn} to its end (killed, and the test failed, after {@code timeout}). */
    public Result run(Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir.toAbsolutePath().getParent(), dir.getFileName() + "-mvn-", ".log");
        return finish(start(output), output, timeout, String.join(" ", args));
    }

    /** Waits for a started {@code mvn} (killed, and the test failed, after {@code timeout}); prints its output. */
    public static Result finish(Process p, Path output, Duration timeout, String label)
            throws IOException, InterruptedException {
        boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(output);
        System.out.println("---- mvn " + label + " -> " + (ended ? "exit " + p.exitValue() : "KILLED") + "\n" + out);
        if (!ended) {
            throw new AssertionError("mvn " + label + " did not end within " + timeout);
        }
        return new Result(p.exitValue(), out);
    }

    /** The Maven JVM under the wrapper (mvnw runs java as a child, or execs it): where a signal goes. */
    public static long jvmPid(Process p) {
        return p.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid)
                .findFirst()
                .orElse(p.pid());
    }
}
