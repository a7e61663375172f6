package com.meatscentral.golden.migrate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The busybox test image plus a {@code python} that plays {@code manage.py}: {@code shell -c}
 * prints the listing in {@code $FAKE_PENDING} (as golden's pending.py would; with its gate, it then
 * waits for golden's verdict and runs the migration command it names), {@code migrate}
 * prints a line, sleeps {@code $FAKE_SLEEP} seconds and ends. The real script runs against real
 * Django in the testbed e2e; this exercises golden's side with real SSH, PostgreSQL and Docker.
 */
final class FakeDjangoImage {

    static final String IMAGE = "golden-test/busybox-django:1";

    private FakeDjangoImage() {}

    static void build(DockerClient docker, Path dir) throws IOException, InterruptedException {
        Path ctx = Files.createDirectories(dir.resolve("fake-django"));
        Path python = ctx.resolve("python");
        Files.writeString(python, """
                #!/bin/sh
                case "$2" in
                  shell) echo "settings loaded"; echo "GOLDEN-PENDING $FAKE_PENDING"
                    if [ -n "$GOLDEN_MIGRATE_GATE" ]; then
                      # pending.py's gate: wait for golden's verdict, then become the migration (exec)
                      i=0
                      while [ ! -s "$GOLDEN_MIGRATE_GATE" ]; do
                        sleep 0.05; i=$((i + 1)); [ "$i" -lt 1200 ] || exit 3
                      done
                      set -- $(sed 's/^{"migrate":\\[//; s/\\].*//; s/","/ /g; s/"//g' "$GOLDEN_MIGRATE_GATE")
                      exec "$@"
                    fi ;;
                  migrate) echo "Operations to perform: $*"; sleep "${FAKE_SLEEP:-0}"; echo "Applying fake... OK" ;;
                  *) echo "unexpected: $*" >&2; exit 2 ;;
                esac
                """);
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + MigrationTest.IMAGE + "\nCOPY python /bin/python\n");
        docker.buildImageCmd(ctx.toFile())
                .withTags(Set.of(IMAGE))
                .exec(new BuildImageResultCallback())
                .awaitCompletion(5, TimeUnit.MINUTES);
        docker.inspectImageCmd(IMAGE).exec();
    }
}
