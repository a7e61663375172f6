package com.meatscentral.golden.deploy;

import com.meatscentral.golden.ssh.RemoteCommand;
import java.util.ArrayList;
import java.util.List;

/** Every docker CLI command the deploy runs on a droplet, as argv. No value is a secret. */
public final class DockerCommands {

    private DockerCommands() {}

    /**
     * Verifies the credential already stored in {@code configDir/config.json} (see
     * {@link #dockerConfigJson}); empty stdin, so a refused credential fails instead of prompting.
     */
    public static RemoteCommand login(String configDir, String registry) {
        return RemoteCommand.of("docker", "--config", configDir, "login", registry)
                .withStdin("");
    }

    public static RemoteCommand pull(String configDir, String image) {
        return configDir == null
                ? RemoteCommand.of("docker", "pull", "--quiet", image)
                : RemoteCommand.of("docker", "--config", configDir, "pull", "--quiet", image);
    }

    /** A docker client config holding one registry credential, as {@code docker login} writes it. */
    public static byte[] dockerConfigJson(String registry, String user, String token) {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        root.putObject("auths")
                .putObject(registry)
                .put(
                        "auth",
                        java.util.Base64.getEncoder()
                                .encodeToString(
                                        (user + ":" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Prints the image's repo digests, one per line ({@code repo@sha256:...}). */
    public static RemoteCommand repoDigests(String image) {
        return RemoteCommand.of(
                "docker", "image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", image);
    }

    /** Exit 0 and one line (name, image, state, started) if the container exists. */
    public static RemoteCommand inspectContainer(String name) {
        return RemoteCommand.of(
                "docker",
                "container",
                "inspect",
                "--format",
                "{{.Name}}|{{.Config.Image}}|{{.Image}}|{{.State.Status}}|{{.State.StartedAt}}",
                name);
    }

    public static RemoteCommand rename(String from, String to) {
        return RemoteCommand.of("docker", "rename", from, to);
    }

    public static RemoteCommand stop(String name) {
        return RemoteCommand.of("docker", "stop", "--time", "20", name);
    }

    public static RemoteCommand start(String name) {
        return RemoteCommand.of("docker", "start", name);
    }

    public static RemoteCommand remove(String name) {
        return RemoteCommand.of("docker", "rm", "--force", name);
    }

    public static RemoteCommand logs(String name, int tail) {
        return RemoteCommand.of("docker", "logs", "--tail", Integer.toString(tail), name);
    }

    /** The {@code docker run -d ...} argv for a spec; values of env names come from the environment. */
    public static List<String> runArgv(ContainerSpec spec) {
        List<String> argv =
                new ArrayList<>(List.of("docker", "run", "-d", "--name", spec.name(), "--restart", "unless-stopped"));
        spec.ports().forEach(p -> argv.addAll(List.of("-p", p)));
        spec.addHosts().forEach(h -> argv.addAll(List.of("--add-host", h)));
        spec.volumes().forEach(v -> argv.addAll(List.of("-v", v)));
        spec.envNames().forEach(n -> argv.addAll(List.of("-e", n)));
        argv.add(spec.image());
        return argv;
    }

    /**
     * {@code docker run}, after sourcing the 0600 runtime file (if any) in the same shell so
     * the values reach the docker CLI's environment and not its command line; the file is
     * removed whatever the outcome.
     */
    public static RemoteCommand run(ContainerSpec spec, String envFile) {
        List<String> argv = runArgv(spec);
        if (envFile == null) {
            return RemoteCommand.of(argv);
        }
        // "$1" is the env file; the rest ("$@" after shift) is the docker argv.
        String script = "f=$1; shift; set -a; . \"$f\"; rc=$?; set +a; rm -f \"$f\"; "
                + "if [ $rc -ne 0 ]; then echo \"cannot read $f\" >&2; exit 1; fi; exec \"$@\"";
        List<String> scriptArgs = new ArrayList<>();
        scriptArgs.add(envFile);
        scriptArgs.addAll(argv);
        return ShellScript.of(script, scriptArgs.toArray(String[]::new));
    }

    /** The droplet's proxy: nginx on the host network, its configuration directory mounted read-only. */
    public static RemoteCommand runProxy(String name, String image, String configDir) {
        return RemoteCommand.of(
                "docker",
                "run",
                "-d",
                "--name",
                name,
                "--restart",
                "unless-stopped",
                // nginx stops gracefully on QUIT (finishes in-flight requests); docker's default TERM is
                // nginx's fast shutdown, which cuts them (a proxy upgrade stops the old proxy).
                "--stop-signal",
                "QUIT",
                "--network",
                "host",
                "-v",
                configDir + ":" + ProxyConfig.MOUNT + ":ro",
                image,
                "nginx",
                "-c",
                ProxyConfig.MOUNT + "/nginx.conf",
                "-g",
                "daemon off;");
    }
}
