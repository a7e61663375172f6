package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ShellDroplet's stop and remove run without an inspect before them (one docker call a deploy
 * each, 0.15-0.3 s on a droplet): a container that is not there is what was asked for; a stop
 * in the background returns at once. Through a real sh, with a stand-in docker that answers as
 * docker 20.10 and later do.
 */
class IdempotentContainerOpsTest {

    @TempDir
    Path bin;

    private ShellDroplet droplet(String dockerScript) throws IOException {
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n" + dockerScript);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new ShellDroplet(new LocalShell(bin));
    }

    @Test
    void stopAndRemoveOfAMissingContainerSucceedWithoutAnInspect() throws IOException {
        ShellDroplet d = droplet("echo \"$1\" >> \"$(dirname \"$0\")/calls\"\n"
                + "echo \"Error response from daemon: No such container: $4$3\" >&2; exit 1\n");

        d.stop("pm-backend-1");
        d.remove("pm-backend-2");

        assertThat(Files.readAllLines(bin.resolve("calls"))).containsExactly("stop", "rm");
    }

    @Test
    void aStopInTheBackgroundReturnsBeforeTheContainerHasStoppedAndLogsWhatDockerSaid() throws Exception {
        // A gunicorn that takes its time to exit: the stand-in answers after 2 s.
        ShellDroplet d = droplet("sleep 2; echo \"$4\"; echo stopped > \"$(dirname \"$0\")/stopped\"\n");
        Path log = bin.resolve("pm-backend-1.stop.log");

        d.stopInBackground("pm-backend-1", log.toString());

        assertThat(bin.resolve("stopped")).as("not waited for").doesNotExist();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(bin.resolve("stopped")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(bin.resolve("stopped"))
                .as("the stop went on after the call returned")
                .exists();
        while (!Files.readString(log).contains("pm-backend-1") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(log)).isEqualTo("pm-backend-1\n");
    }

    @Test
    void anyOtherFailureOfStopOrRemoveIsStillAnError() throws IOException {
        ShellDroplet d =
                droplet("echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' >&2; exit 1\n");

        assertThatThrownBy(() -> d.stop("pm-backend-1"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("docker stop pm-backend-1 failed")
                .hasMessageContaining("Cannot connect to the Docker daemon");
        assertThatThrownBy(() -> d.remove("pm-backend-1"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("docker rm pm-backend-1 failed");
    }
}
