package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Droplet} as commands over one {@link RemoteShell}. Droplet prerequisites: a POSIX
 * {@code sh}, the docker CLI talking to the droplet's engine, {@code curl} (health checks run
 * on the droplet, as the reference does), and nginx for frontends.
 *
 * <p>Over 250 lines on purpose: one short method per {@link Droplet} operation (a command and
 * the message its failure gets), so the droplet's whole command set reads in one place. The jobs
 * beyond a single command are their own classes: the nginx site install ({@link NginxSiteInstall})
 * and requests made with curl on the droplet ({@link DropletHttp}).
 */
public final class ShellDroplet implements Droplet {

    private final RemoteShell shell;
    private final DropletHttp http;

    public ShellDroplet(RemoteShell shell) {
        this.shell = shell;
        this.http = new DropletHttp(shell);
    }

    @Override
    public String describe() {
        return shell.describe();
    }

    private ExecResult mustRun(RemoteCommand command, String what, String hint) {
        ExecResult r = shell.exec(command);
        if (!r.ok()) {
            throw failed(r, what, hint);
        }
        return r;
    }

    private GoldenException failed(ExecResult r, String what, String hint) {
        return new GoldenException(
                what + " failed on " + shell.describe() + " (exit " + r.exitStatus() + "): " + ShellScript.why(r),
                hint);
    }

    @Override
    public void login(String dockerConfigDir, String registry, String user, String token) {
        mustRun(RemoteCommand.of("mkdir", "-p", "-m", "700", dockerConfigDir), "mkdir " + dockerConfigDir, null);
        shell.upload(dockerConfigDir + "/config.json", DockerCommands.dockerConfigJson(registry, user, token), 0600);
        ExecResult r = shell.exec(DockerCommands.login(dockerConfigDir, registry));
        if (!r.ok()) {
            throw new GoldenException(
                    "the registry " + registry + " refused the login from " + shell.describe() + ": "
                            + ShellScript.why(r),
                    "check DO_ACCESS_TOKEN (used as registry user and password) and that the droplet" + " can reach "
                            + registry);
        }
    }

    @Override
    public void pull(String dockerConfigDir, String image) {
        ExecResult r = shell.exec(DockerCommands.pull(dockerConfigDir, image));
        if (!r.ok()) {
            throw new GoldenException(
                    "image " + image + " could not be pulled on " + shell.describe() + ": " + ShellScript.why(r),
                    "the tag looked for is " + image
                            + "; check that it was pushed (golden:push) and that -Dgolden.sha names a built commit");
        }
    }

    @Override
    public boolean hasImage(String image) {
        return shell.exec(RemoteCommand.of("docker", "image", "inspect", "--format", "{{.Id}}", image))
                .ok();
    }

    @Override
    public List<String> repoDigests(String image) {
        return mustRun(DockerCommands.repoDigests(image), "docker image inspect " + image, null)
                .stdout()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    @Override
    public Optional<ContainerInfo> container(String name) {
        ExecResult r = shell.exec(DockerCommands.inspectContainer(name));
        if (!r.ok()) {
            String why = ShellScript.why(r).toLowerCase();
            if (why.contains("no such")) {
                return Optional.empty();
            }
            throw new GoldenException(
                    "docker container inspect " + name + " failed on " + shell.describe() + ": " + ShellScript.why(r),
                    "check that the docker engine runs on the droplet");
        }
        return Optional.of(ContainerInfo.parse(r.stdout().lines().findFirst().orElse("")));
    }

    @Override
    public void rename(String from, String to) {
        mustRun(DockerCommands.rename(from, to), "docker rename " + from + " " + to, null);
    }

    /** Stopping a stopped container succeeds (docker's own answer); a missing one is left as it is. */
    @Override
    public void stop(String name) {
        unlessMissing(DockerCommands.stop(name), "docker stop " + name);
    }

    /**
     * {@code docker stop} detached from the SSH channel (nohup, every stream redirected), so the
     * exec returns at once; a later {@code docker stop} of the same container waits for it.
     */
    @Override
    public void stopInBackground(String name, String log) {
        List<String> args = new ArrayList<>(List.of(log));
        args.addAll(DockerCommands.stop(name).argv());
        mustRun(
                ShellScript.of("log=$1; shift; nohup \"$@\" >\"$log\" 2>&1 </dev/null &", args.toArray(String[]::new)),
                "docker stop " + name + " (in the background)",
                null);
    }

    @Override
    public void start(String name) {
        mustRun(
                DockerCommands.start(name),
                "docker start " + name,
                "another process may hold the container's port; see `docker ps` on the droplet");
    }

    /** Idempotent: a container that is not there is what was asked for (no inspect before it). */
    @Override
    public void remove(String name) {
        unlessMissing(DockerCommands.remove(name), "docker rm " + name);
    }

    /** Runs a container command whose job is done when docker answers "No such container". */
    private void unlessMissing(RemoteCommand command, String what) {
        ExecResult r = shell.exec(command);
        if (!r.ok() && !ShellScript.why(r).toLowerCase(java.util.Locale.ROOT).contains("no such container")) {
            throw failed(r, what, null);
        }
    }

    @Override
    public void run(ContainerSpec spec, RuntimeEnvFile env, String envFilePath) {
        if (env != null) {
            shell.upload(envFilePath, env.render(), 0600);
        }
        boolean ran = false;
        try {
            mustRun(
                    DockerCommands.run(spec, env == null ? null : envFilePath),
                    "docker run " + spec.name(),
                    "if a port is already allocated, find what holds it on the droplet (`ss -ltnp`) and free it");
            ran = true;
        } finally {
            if (env != null && !ran) {
                // The run script removes it as it reads it; this covers a script that failed or never started.
                shell.exec(RemoteCommand.of("rm", "-f", envFilePath));
            }
        }
    }

    @Override
    public List<String> logs(String name, int tail) {
        ExecResult r = shell.exec(DockerCommands.logs(name, tail));
        String all = (r.stdout() == null ? "" : r.stdout()) + (r.stderr() == null ? "" : r.stderr());
        return all.lines().toList();
    }

    @Override
    public HealthProbe.ProbeResult probe(String url, Duration timeout) {
        return http.probe(url, timeout);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) {
        shell.upload(path, content, mode);
    }

    @Override
    public Optional<String> readFile(String path) {
        ExecResult r = shell.exec(ShellScript.of("if [ -f \"$1\" ]; then cat \"$1\"; else exit 3; fi", path));
        if (r.exitStatus() == 3) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new GoldenException("cannot read " + path + " on " + shell.describe() + ": " + ShellScript.why(r));
        }
        return Optional.of(r.stdout());
    }

    @Override
    public void mkdirs(String path) {
        mustRun(RemoteCommand.of("mkdir", "-p", path), "mkdir -p " + path, null);
    }

    @Override
    public boolean mkdirExclusive(String path) {
        // mkdir(2) is atomic: exactly one of two concurrent callers succeeds.
        ExecResult r = shell.exec(ShellScript.of(
                "if mkdir -m 700 \"$1\" 2>/dev/null; then exit 0; elif [ -d \"$1\" ]; then exit 3; else mkdir \"$1\"; fi",
                path));
        if (r.exitStatus() == 3) {
            return false;
        }
        if (!r.ok()) {
            throw new GoldenException("cannot create " + path + " on " + shell.describe() + ": " + ShellScript.why(r));
        }
        return true;
    }

    @Override
    public void removeTree(String path) {
        mustRun(RemoteCommand.of("rm", "-rf", "--", path), "rm -rf " + path, null);
    }

    @Override
    public void removeFile(String path) {
        mustRun(RemoteCommand.of("rm", "-f", "--", path), "rm -f " + path, null);
    }

    @Override
    public void appendLine(String path, String line) {
        mustRun(
                // The file's folder is made first: on a fresh droplet /opt/pm/<env> does not exist yet
                // (the lock and the journal live in /opt/pm/.golden, not in the environment's folder).
                ShellScript.of("mkdir -p \"$(dirname -- \"$1\")\" && cat >> \"$1\"", path)
                        .withStdin(line.endsWith("\n") ? line : line + "\n"),
                "append to " + path,
                null);
    }

    @Override
    public void installNginxSite(String sitePath, String content) {
        new NginxSiteInstall(shell).install(sitePath, content);
    }

    @Override
    public void runProxy(String name, String image, String configDir) {
        mustRun(
                DockerCommands.runProxy(name, image, configDir),
                "docker run " + name,
                "something else may hold the public port on the droplet (`ss -ltnp`): stop it, golden's proxy takes the port over");
    }

    @Override
    public void reloadProxy(String name) {
        mustRun(RemoteCommand.of("docker", "kill", "--signal", "HUP", name), "reload of " + name, null);
    }

    @Override
    public Optional<String> proxyConfigProblem(String name) {
        ExecResult r = shell.exec(
                RemoteCommand.of("docker", "exec", name, "nginx", "-t", "-q", "-c", ProxyConfig.MOUNT + "/nginx.conf"));
        return r.ok() ? Optional.empty() : Optional.of(ShellScript.why(r));
    }

    @Override
    public int drainingWorkers(String name) {
        ExecResult r = mustRun(RemoteCommand.of("docker", "top", name), "docker top " + name, null);
        return (int) r.stdout().lines().filter(l -> l.contains("shutting down")).count();
    }

    @Override
    public int servedSlot(String url, Duration timeout) {
        return http.servedSlot(url, timeout);
    }
}
