package com.meatscentral.golden.it.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.it.testbed.Run.Result;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The testbed is what the pipeline will meet in production: a private database only the
 * bastion reaches, droplets with their own engines that must log in to the registry, and
 * a frontend droplet whose nginx serves port 80. Uses the secret values of the GitHub
 * environments dev-backend / dev-frontend, as a CI job would.
 */
@Tag("testbed")
class TestbedTopologyTest {

    static Testbed testbed;
    static Map<String, String> backend;
    static Map<String, String> frontend;

    @TempDir
    static Path tmp;

    static Path key;

    @BeforeAll
    static void load() throws IOException {
        testbed = Testbed.load();
        backend = testbed.githubEnvironment("dev-backend");
        frontend = testbed.githubEnvironment("dev-frontend");
        key = tmp.resolve("id");
        Files.writeString(key, backend.get("DEV_SSH_PRIVATE_KEY"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    /** ssh with the secret's key, the host key pinned by the testbed's known_hosts. */
    static List<String> ssh(Map<String, String> env, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(
                "ssh",
                "-i",
                key.toString(),
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "ConnectTimeout=10",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + testbed.get("TESTBED_SSH_KNOWN_HOSTS"),
                "-o",
                "LogLevel=ERROR"));
        cmd.addAll(List.of(extra));
        cmd.add(env.get("DEV_USER") + "@" + env.get("DEV_HOST"));
        return cmd;
    }

    static Result onDroplet(Map<String, String> env, String script, String stdin) {
        List<String> cmd = ssh(env);
        cmd.add(script);
        return Run.run(cmd, Map.of(), stdin, Duration.ofSeconds(120));
    }

    static Map<String, String> droplet(String name) {
        return name.equals("backend") ? backend : frontend;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-backend", "dev-frontend"})
    void eachGitHubEnvironmentFileHoldsExactlyTheManifestsSecretsForIt(String env) {
        Manifest manifest = ManifestLoader.load(
                Path.of(System.getProperty("golden.repo.root", ".")).resolve("config/env.manifest.json"));
        Map<String, String> file = testbed.githubEnvironment(env);
        assertThat(file.keySet()).containsExactlyInAnyOrderElementsOf(manifest.secretNamesFor(env));
        assertThat(manifest.valuesFor(env, file).missing()).isEmpty();
    }

    @Test
    void databaseIsNotReachableFromTheRunnerDirectly() {
        // The unreachable route: refused locally at once, no packet leaves the machine.
        assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(
                                new InetSocketAddress(
                                        backend.get("DEV_DB_HOST"), Integer.parseInt(backend.get("DEV_DB_PORT"))),
                                5000);
                    }
                })
                .isInstanceOf(NoRouteToHostException.class);
    }

    @Test
    void databaseIsReachableThroughAnSshTunnelViaTheBackendDroplet() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> cmd = ssh(
                backend,
                "-N",
                "-o",
                "ExitOnForwardFailure=yes",
                "-L",
                "127.0.0.1:" + port + ":" + backend.get("DEV_DB_HOST") + ":" + backend.get("DEV_DB_PORT"));
        Process tunnel = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            awaitPort(port, tunnel);
            String owner = psql(port, backend.get("DEV_DB_USER"), backend.get("DEV_DB_PASSWORD"), "SELECT version()");
            assertThat(owner).startsWith("PostgreSQL 15");

            // The application role: may log in, is neither superuser nor owner, cannot bypass RLS.
            String app = psql(
                    port,
                    backend.get("DEV_DB_APP_USER"),
                    backend.get("DEV_DB_APP_PASSWORD"),
                    "SELECT r.rolsuper, r.rolbypassrls, pg_get_userbyid(d.datdba) = current_user"
                            + " FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()");
            assertThat(app).isEqualTo("f|f|f");
            assertThat(backend.get("DEV_DB_PASSWORD")).contains("@", ":", "/", "%");
            assertThat(backend.get("DEV_DB_APP_PASSWORD")).contains("@", ":", "/", "%");
        } finally {
            tunnel.destroy();
            tunnel.waitFor();
        }
    }

    static String psql(int port, String user, String password, String sql) {
        // Password through the environment, never the command line.
        Result r = Run.run(
                        List.of(
                                "psql",
                                "-X",
                                "-At",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                String.valueOf(port),
                                "-U",
                                user,
                                "-d",
                                backend.get("DEV_DB_NAME"),
                                "-c",
                                sql),
                        Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "10"),
                        null,
                        Duration.ofSeconds(30))
                .ok();
        return r.output().strip();
    }

    static void awaitPort(int port, Process tunnel) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (!tunnel.isAlive()) {
                throw new AssertionError("ssh -L ended: exit " + tunnel.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the tunnel did not open 127.0.0.1:" + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"backend", "frontend"})
    void theDropletPresentsThePinnedHostKey(String name) {
        Map<String, String> env = droplet(name);
        Result scan = Run.run(List.of(
                        "sh",
                        "-c",
                        "ssh-keyscan -T 10 -t ed25519 \"$1\" 2>/dev/null | ssh-keygen -lf -",
                        "sh",
                        env.get("DEV_HOST")))
                .ok();
        assertThat(scan.output()).contains(" " + env.get("DEV_SSH_HOST_FINGERPRINT") + " ");
        assertThat(env.get("DEV_SSH_HOST_FINGERPRINT")).startsWith("SHA256:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backend", "frontend"})
    void deployerLogsInWithThePassword(String name) throws IOException {
        Map<String, String> env = droplet(name);
        Path askpass = tmp.resolve("askpass-" + name);
        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$GOLDEN_TB_PASSWORD\"\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(List.of(
                "ssh",
                "-o",
                "PubkeyAuthentication=no",
                "-o",
                "PreferredAuthentications=password",
                "-o",
                "NumberOfPasswordPrompts=1",
                "-o",
                "ConnectTimeout=10",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + testbed.get("TESTBED_SSH_KNOWN_HOSTS"),
                "-o",
                "LogLevel=ERROR",
                env.get("DEV_USER") + "@" + env.get("DEV_HOST"),
                "id -un"));
        Result r = Run.run(
                        cmd,
                        Map.of(
                                "SSH_ASKPASS",
                                askpass.toString(),
                                "SSH_ASKPASS_REQUIRE",
                                "force",
                                "DISPLAY",
                                ":0",
                                "GOLDEN_TB_PASSWORD",
                                env.get("DEV_SSH_PASSWORD")),
                        null,
                        Duration.ofSeconds(30))
                .ok();
        assertThat(r.output().strip()).isEqualTo(env.get("DEV_USER"));
    }

    @Test
    void eachDropletPullsWhatTheRunnerPushedOnlyAfterLoggingIn() throws IOException {
        String registry = testbed.get("TESTBED_REGISTRY");
        String token = backend.get("DO_ACCESS_TOKEN");
        String image =
                registry + "/testbed/busybox:" + UUID.randomUUID().toString().substring(0, 8);
        Path ctx = Files.createDirectories(tmp.resolve("busybox"));
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"true\"]\n");
        // The runner's docker CLI with its own config dir: the machine's ~/.docker stays untouched.
        Map<String, String> cli = Map.of(
                "DOCKER_CONFIG",
                Files.createDirectories(tmp.resolve("docker-config")).toString(),
                "DOCKER_BUILDKIT",
                "0");
        Run.run(List.of("docker", "build", "-q", "-t", image, ctx.toString()), cli, null, Duration.ofSeconds(120))
                .ok();
        try {
            Run.run(
                            List.of("docker", "login", "-u", token, "--password-stdin", registry),
                            cli,
                            token,
                            Duration.ofSeconds(60))
                    .ok();
            Run.run(List.of("docker", "push", image), cli, null, Duration.ofSeconds(120))
                    .ok();

            for (String name : List.of("backend", "frontend")) {
                // What the deployed container must reach from the droplet's docker0: the backend's
                // app the database, the frontend's app the backend droplet (its sshd always listens).
                String target = name.equals("backend")
                        ? backend.get("DEV_DB_HOST") + " " + backend.get("DEV_DB_PORT")
                        : frontend.get("BACKEND_IP") + " 22";
                // As deployer, on the droplet's own engine; the token arrives on stdin.
                String script = "set -u; export DOCKER_CONFIG=$(mktemp -d); trap 'rm -rf \"$DOCKER_CONFIG\"' EXIT; "
                        + "read -r t; "
                        + "if docker pull -q " + image + "; then echo PULLED-WITHOUT-LOGIN; exit 3; fi; "
                        + "printf %s \"$t\" | docker login -u \"$t\" --password-stdin " + registry + " >/dev/null && "
                        + "docker pull -q " + image + " && docker run --rm " + image + " /bin/busybox echo ran-on-"
                        + name
                        + " && docker run --rm " + image + " /bin/busybox nc -w 5 " + target
                        + " -e /bin/busybox true && echo container-connected; "
                        + "rc=$?; docker rmi -f " + image + " >/dev/null 2>&1; exit $rc";
                Result r = onDroplet(droplet(name), script, token + "\n");
                assertThat(r.output())
                        .as(name)
                        .doesNotContain("PULLED-WITHOUT-LOGIN")
                        .containsIgnoringCase("no basic auth credentials");
                assertThat(r.exit()).as(name + ":\n" + r.output()).isZero();
                assertThat(r.output()).contains("ran-on-" + name, "container-connected");
            }
        } finally {
            Run.run(List.of("docker", "rmi", "-f", image), cli, null, Duration.ofSeconds(60));
        }
    }

    @Test
    void theFrontendDropletsNginxAnswersOnPort80() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create("http://" + frontend.get("DEV_HOST") + "/"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("server"))
                .hasValueSatisfying(s -> assertThat(s).startsWith("nginx"));
    }

    @Test
    void deployerCanRunItsDropletsDockerAndManageTheHostNginx() {
        String state = testbed.get("TESTBED_STATE_DIR");
        Result r = onDroplet(
                        frontend,
                        "set -e; docker info --format '{{.DockerRootDir}}'; "
                                + "test -w /etc/nginx/sites-enabled; test -w /opt/pm/frontend/env; "
                                + "sudo -n nginx -t 2>&1; sudo -n nginx -s reload; echo reloaded",
                        null)
                .ok();
        // The droplet's own engine, not the runner's.
        assertThat(r.output()).contains(state + "/frontend/docker", "test is successful", "reloaded");
        Result b = onDroplet(
                        backend,
                        "set -e; docker info --format '{{.DockerRootDir}}'; test -w /opt/pm && echo opt-pm-writable",
                        null)
                .ok();
        assertThat(b.output()).contains(state + "/backend/docker", "opt-pm-writable");
    }

    @Test
    void onlyTheBackendDropletReachesTheDatabaseAndTheFrontendReachesTheBackend() {
        String db = "/dev/tcp/" + backend.get("DEV_DB_HOST") + "/" + backend.get("DEV_DB_PORT");
        onDroplet(backend, "exec 3<>" + db + " && echo db-open", null).ok();
        Result fromFrontend = onDroplet(frontend, "timeout 5 bash -c 'exec 3<>" + db + "'", null);
        assertThat(fromFrontend.exit()).isNotZero();
        assertThat(fromFrontend.output()).contains("Network is unreachable");
        // Open (a backend is deployed) or refused (none yet) both prove the route; without one
        // the connect would fail with "unreachable" or time out.
        Result toBackend = onDroplet(
                frontend,
                "timeout 5 bash -c 'exec 3<>/dev/tcp/" + frontend.get("BACKEND_IP") + "/8000' && echo port-8000-open",
                null);
        assertThat(toBackend.output()).containsAnyOf("port-8000-open", "Connection refused");
    }
}
