package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole backend and frontend deploy through {@link ShellDroplet} and a real {@code sh},
 * with stand-ins for docker, curl and nginx, and distinctive secret values: no value appears
 * on any command line, nor in {@code ps} while {@code docker run} runs; the registry token
 * travels on stdin only, the runtime values only in the 0600 upload.
 */
class NoSecretOnACommandLineTest {

    private static final String TOKEN = "dop_v1_TOKEN_d1st1nct1ve";
    private static final String SECRET_KEY = "SK-d1st1nct1ve-'\"$(id)\n-second-line";
    private static final String DB_PASSWORD = "DBPW-d1st1nct1ve";
    private static final String API = "https://api.d1st1nct1ve.example";

    @TempDir
    Path tmp;

    record Upload(String path, String content, int mode) {}

    @Test
    void noSecretOnAnyCommandLineOrInPs() throws Exception {
        LocalShell local = new LocalShell(tmp);
        Path ps = tmp.resolve("ps-during-run");
        Path loginStdin = tmp.resolve("login-stdin");
        local.stub(
                "docker",
                String.join(
                        "\n",
                        "case \"$1\" in",
                        "  --config) if [ \"$3\" = login ]; then cat \"$2/config.json\" > " + loginStdin + "; fi;;",
                        "  image) echo \"${6%:*}@sha256:abc\";;",
                        "  container) echo 'Error: No such container' >&2; exit 1;;",
                        "  run) ps -eo args >> " + ps + "; echo cid;;",
                        "  top) echo 'UID PID CMD';;",
                        "  *) ;;",
                        "esac"));
        // Answers 200; with -D (the cutover's check) also the proxy's slot header of the live.conf written last.
        Path live = tmp.resolve("opt/pm/.golden");
        local.stub(
                "curl",
                "case \"$*\" in *-D*) s=$(grep -ho 'X-Golden-Slot [12]' " + live + "/pm-*-proxy/live.conf"
                        + " 2>/dev/null | tail -1 | cut -d' ' -f2); printf 'HTTP/1.1 200 OK\\r\\nX-Golden-Slot: %s\\r\\n\\r\\n' \"$s\";;"
                        + " *) printf 200;; esac");
        local.stub("nginx", "exit 0");
        List<String> lines = new ArrayList<>();
        List<byte[]> stdins = new ArrayList<>();
        List<Upload> uploads = new ArrayList<>();
        RemoteShell recording = new RemoteShell() {
            @Override
            public ExecResult exec(RemoteCommand original) {
                // This machine is not a droplet: the droplet's absolute paths live under the temp dir.
                RemoteCommand command = new RemoteCommand(
                        original.argv().stream().map(a -> onThisMachine(a)).toList(),
                        original.stdin(),
                        original.timeout(),
                        original.onStdoutLine(),
                        original.onStderrLine());
                lines.add(original.commandLine());
                if (command.stdin() != null) {
                    stdins.add(command.stdin());
                }
                return local.exec(command);
            }

            @Override
            public void upload(String path, byte[] content, int mode) {
                uploads.add(new Upload(path, new String(content, StandardCharsets.UTF_8), mode));
                local.upload(onThisMachine(path), content, mode);
            }

            @Override
            public String describe() {
                return "local";
            }
        };
        FakeTime time = new FakeTime();
        RecordingConsole console = new RecordingConsole();
        Deployer deployer = new Deployer(
                new ShellDroplet(recording),
                console,
                time.timing(),
                new ShutdownHooks() {
                    @Override
                    public void add(Thread hook) {}

                    @Override
                    public void remove(Thread hook) {}
                },
                CutoverOptions.DEFAULT);
        Files.createDirectories(tmp.resolve("backend"));

        DeployRequest b = DeployRequest.of(r -> {
            r.env = "dev-backend";
            r.kind = ServiceKind.BACKEND;
            r.sha = "abc";
            r.image = "reg.local/pm-backend:dev-backend-abc";
            r.registry = "reg.local";
            r.registryLogin = new RegistryLogin(TOKEN, TOKEN, "DO_ACCESS_TOKEN");
            r.runtimeEnv = Map.of("SECRET_KEY", SECRET_KEY, "DB_PASSWORD", DB_PASSWORD);
            r.health = HealthPolicy.DEFAULT;
            r.lockWait = Duration.ofSeconds(1);
            r.who = "ci";
        });
        deployer.deploy(relocate(b, tmp.resolve("backend")), new StepLog(console, time));
        DeployRequest f = DeployRequest.of(r -> {
            r.env = "dev-frontend";
            r.kind = ServiceKind.FRONTEND;
            r.sha = "abc";
            r.image = "reg.local/pm-frontend:dev-frontend-abc";
            r.registry = "reg.local";
            r.registryLogin = new RegistryLogin(TOKEN, TOKEN, "DO_ACCESS_TOKEN");
            r.backend = new BackendAddress("10.77.0.2");
            r.envConfigJs = EnvConfigJs.render(API, "development", Map.of("REACT_APP_API_BASE_URL", API));
            r.nginxSitePath = tmp.resolve("site").toString();
            r.health = HealthPolicy.DEFAULT;
            r.lockWait = Duration.ofSeconds(1);
            r.who = "ci";
        });
        deployer.deploy(relocate(f, tmp.resolve("frontend")), new StepLog(console, time));

        assertThat(lines).hasSizeGreaterThan(15);
        assertThat(Files.readString(ps)).as("ps was taken while docker run ran").contains("-e SECRET_KEY");
        for (String secret : List.of(TOKEN, SECRET_KEY, "SK-d1st1nct1ve", "second-line", DB_PASSWORD)) {
            assertThat(lines).noneMatch(l -> l.contains(secret));
            assertThat(Files.readString(ps)).doesNotContain(secret);
            assertThat(console.text()).doesNotContain(secret);
        }
        String auth =
                java.util.Base64.getEncoder().encodeToString((TOKEN + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(loginStdin))
                .as("docker login found the credential in its private config")
                .contains("\"reg.local\":{\"auth\":\"" + auth + "\"}");
        assertThat(uploads)
                .filteredOn(u -> u.content().contains(auth))
                .hasSize(2)
                .allSatisfy(u -> assertThat(u.mode()).isEqualTo(0600));
        try (var left = Files.list(tmp.resolve("opt/pm/.golden"))) {
            assertThat(left.map(x -> x.getFileName().toString()))
                    .as("the credential is removed after the deploy")
                    .noneMatch(n -> n.startsWith("docker-") || n.startsWith("runtime-"));
        }
        assertThat(stdins)
                .extracting(s -> new String(s, StandardCharsets.UTF_8))
                .noneMatch(s -> s.contains(TOKEN));
        assertThat(uploads)
                .filteredOn(u -> u.content().contains(DB_PASSWORD))
                .singleElement()
                .satisfies(u -> assertThat(u.mode()).isEqualTo(0600));
        assertThat(Files.readString(tmp.resolve("site"))).contains("proxy_pass http://10.77.0.2:8000;");
        assertThat(Files.readString(Path.of(onThisMachine(DeployRequest.envConfigPath(1)))))
                .contains(API);
    }

    /** The same request with its droplet paths under a temp dir (this machine is not a droplet). */
    private DeployRequest relocate(DeployRequest r, Path dir) throws Exception {
        Files.createDirectories(dir);
        return r.with(b -> {
            b.envDir = dir.toString();
            b.rollback = false;
        });
    }

    private String onThisMachine(String arg) {
        return arg.startsWith("/opt/pm/") ? tmp + arg : arg;
    }
}
