package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime-environment path as the droplet runs it: ShellDroplet uploads the 0600 file,
 * a real {@code sh} sources it and execs a stand-in {@code docker} that records the argv it
 * got and the value of SECRET_KEY in its environment.
 */
class RuntimeEnvThroughShellTest {

    @TempDir
    Path tmp;

    @Test
    void aSecretWithQuotesCommandSubstitutionAndNewlineArrivesIntactAndNothingRuns() throws Exception {
        Path marker = tmp.resolve("pwned");
        String secret = "'\"$(touch " + marker + ")\nsecond line `touch " + marker + "` \\ end ";
        LocalShell shell = new LocalShell(tmp);
        Path seenEnv = tmp.resolve("seen-env");
        Path seenArgv = tmp.resolve("seen-argv");
        Path seenMode = tmp.resolve("seen-mode");
        shell.stub(
                "docker",
                "printf '%s' \"$SECRET_KEY\" > " + seenEnv + "\nprintf '%s\\n' \"$@\" > " + seenArgv
                        + "\nprintf 'abc123\\n'");
        Path envFile = tmp.resolve("runtime.env");
        // Record the file's mode as the run script finds it (stat, before sourcing).
        shell.stub("stat-it", "stat -c %a " + envFile + " > " + seenMode);
        ContainerSpec spec = new ContainerSpec(
                "pm-backend",
                "reg/pm-backend:dev-1",
                List.of("8000:8000"),
                List.of(),
                List.of("/srv/media:/app/media"),
                List.of("SECRET_KEY", "DB_HOST"));
        ShellDroplet droplet = new ShellDroplet(new RemoteShell() {
            @Override
            public ExecResult exec(RemoteCommand command) {
                if (command.argv().get(0).equals("sh")) {
                    shell.exec(RemoteCommand.of("stat-it"));
                }
                return shell.exec(command);
            }

            @Override
            public void upload(String path, byte[] content, int mode) {
                shell.upload(path, content, mode);
            }

            @Override
            public String describe() {
                return "local";
            }
        });

        droplet.run(
                spec, new RuntimeEnvFile(Map.of("SECRET_KEY", secret, "DB_HOST", "db.internal")), envFile.toString());

        assertThat(Files.readString(seenEnv)).isEqualTo(secret);
        assertThat(Files.exists(marker)).as("nothing in the value was executed").isFalse();
        assertThat(Files.readString(seenMode).strip()).isEqualTo("600");
        assertThat(Files.exists(envFile))
                .as("the runtime file is removed after the run")
                .isFalse();
        assertThat(Files.readAllLines(seenArgv))
                .containsExactly(
                        "run",
                        "-d",
                        "--name",
                        "pm-backend",
                        "--restart",
                        "unless-stopped",
                        "-p",
                        "8000:8000",
                        "-v",
                        "/srv/media:/app/media",
                        "-e",
                        "SECRET_KEY",
                        "-e",
                        "DB_HOST",
                        "reg/pm-backend:dev-1");
        assertThat(shell.commandLines).noneMatch(l -> l.contains("second line") || l.contains("db.internal"));
    }

    @Test
    void theRuntimeFileIsRemovedEvenWhenDockerRunFails() throws Exception {
        LocalShell shell = new LocalShell(tmp);
        shell.stub("docker", "echo 'Bind for 0.0.0.0:8000 failed: port is already allocated' >&2; exit 125");
        Path envFile = tmp.resolve("runtime.env");
        ContainerSpec spec = new ContainerSpec(
                "pm-backend", "reg/x:1", List.of("8000:8000"), List.of(), List.of(), List.of("SECRET_KEY"));

        assertThatThrownBy(() -> new ShellDroplet(shell)
                        .run(spec, new RuntimeEnvFile(Map.of("SECRET_KEY", "v")), envFile.toString()))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("port is already allocated");
        assertThat(Files.exists(envFile)).isFalse();
    }

    @Test
    void invalidOrReservedNamesAreRefusedWithTheName() {
        assertThatThrownBy(() -> new RuntimeEnvFile(Map.of("BAD-NAME", "x"))).hasMessageContaining("BAD-NAME");
        assertThatThrownBy(() -> new RuntimeEnvFile(Map.of("DOCKER_HOST", "x"))).hasMessageContaining("DOCKER_HOST");
        assertThatThrownBy(() -> new RuntimeEnvFile(Map.of("K", "a\0b"))).hasMessageContaining("NUL");
    }

    @Test
    void uploadedFilesGetTheRequestedMode() throws Exception {
        LocalShell shell = new LocalShell(tmp);
        Path f = tmp.resolve("x");
        shell.upload(f.toString(), new byte[] {1}, 0600);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
    }
}
