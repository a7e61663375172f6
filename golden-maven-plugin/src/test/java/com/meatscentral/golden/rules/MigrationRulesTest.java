package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRulesTest {

    @TempDir
    Path dir;

    @Test
    void migrateAtStartupIsFoundInCmdAndInTheEntrypointScript() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/Dockerfile",
                        "FROM python:3.12-slim",
                        "# CMD python manage.py migrate (never)",
                        "COPY docker-entrypoint.sh /usr/local/bin/entrypoint.sh",
                        "ENTRYPOINT [\"/usr/local/bin/entrypoint.sh\"]",
                        "CMD python manage.py migrate --noinput && \\",
                        "    gunicorn projectmeats.wsgi")
                .file(
                        "backend/docker-entrypoint.sh",
                        "#!/bin/sh",
                        "# python manage.py migrate is not run here? it is:",
                        "python manage.py migrate --noinput",
                        "exec \"$@\"");
        assertThat(f.check(new MigrateAtStartupRule()))
                .containsExactly(
                        "backend/docker-entrypoint.sh:3: [migrate-at-startup]",
                        "backend/Dockerfile:5: [migrate-at-startup]");
    }

    @Test
    void scriptsCopiedWithTheirDirectoryAreFollowed() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/Dockerfile",
                        "FROM python:3.12-slim",
                        "WORKDIR /app",
                        "COPY . /app/",
                        "CMD [\"sh\", \"/app/scripts/start.sh\"]")
                .file("backend/scripts/start.sh", "#!/bin/sh", "set -e", "python manage.py migrate", "exec gunicorn x");
        assertThat(f.check(new MigrateAtStartupRule()))
                .containsExactly("backend/scripts/start.sh:3: [migrate-at-startup]");
    }

    @Test
    void scriptsReachedThroughWorkdirAreFollowed() {
        // The archetype's own layout: WORKDIR /app, COPY . . ; the entrypoint named relative to WORKDIR.
        Fixture f = new Fixture(dir)
                .file(
                        "backend/Dockerfile",
                        "FROM python:3.12-slim",
                        "WORKDIR /app",
                        "COPY . .",
                        "ENTRYPOINT [\"./docker/entrypoint.sh\"]",
                        "CMD [\"sh\", \"start.sh\"]")
                .file("backend/docker/entrypoint.sh", "#!/bin/sh", "python manage.py migrate --noinput", "exec \"$@\"")
                .file("backend/start.sh", "#!/bin/sh", "exec gunicorn x")
                .file(
                        "other/Dockerfile",
                        "FROM python:3.12-slim",
                        "WORKDIR /srv",
                        "WORKDIR app",
                        "COPY bin/ ./bin/",
                        "CMD [\"/srv/app/bin/run.sh\"]")
                .file("other/bin/run.sh", "#!/bin/sh", "django-admin migrate", "exec gunicorn y");
        assertThat(f.check(new MigrateAtStartupRule()))
                .containsExactlyInAnyOrder(
                        "backend/docker/entrypoint.sh:2: [migrate-at-startup]",
                        "other/bin/run.sh:2: [migrate-at-startup]");
    }

    @Test
    void startupWithoutMigratePasses() {
        Fixture f = new Fixture(dir)
                .file(
                        "backend/Dockerfile",
                        "FROM python:3.12-slim",
                        "RUN python manage.py collectstatic --noinput",
                        "COPY start.sh /app/start.sh",
                        "CMD [\"sh\", \"/app/start.sh\"]")
                .file(
                        "backend/start.sh",
                        "#!/bin/sh",
                        "# migrations run before deploy (golden:migrate)",
                        "exec gunicorn projectmeats.wsgi -b 0.0.0.0:8000");
        assertThat(f.check(new MigrateAtStartupRule())).isEmpty();
    }

    @Test
    void workflowMigrateOutsideTheTunnelIsReported() {
        Fixture f = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "name: deploy",
                        "on: push",
                        "jobs:",
                        "  migrate:",
                        "    runs-on: ubuntu-24.04",
                        "    steps:",
                        "      - run: |",
                        "          echo migrating",
                        "          ssh deploy@host docker exec pm-backend python manage.py migrate --noinput");
        assertThat(f.check(new WorkflowMigrateRule()))
                .containsExactly(".github/workflows/deploy.yml:9: [workflow-migrate]");
    }

    @Test
    void theTunnelPatternOrThePluginPasses() {
        Fixture tunnel = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "on: push",
                        "jobs:",
                        "  migrate:",
                        "    runs-on: ubuntu-24.04",
                        "    steps:",
                        "      - run: ssh -f -N -L 5433:$DB_HOST:$DB_PORT $BASTION_USER@$BASTION_HOST",
                        "      - run: docker run --rm --network host backend:sha python manage.py migrate --fake-initial --noinput");
        assertThat(tunnel.check(new WorkflowMigrateRule())).isEmpty();
        Fixture plugin = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "on: push",
                        "jobs:",
                        "  m:",
                        "    runs-on: ubuntu-24.04",
                        "    steps:",
                        "      - run: ./mvnw golden:migrate -Denv=\"$GOLDEN_ENV\"");
        assertThat(plugin.check(new WorkflowMigrateRule())).isEmpty();
    }

    @Test
    void workflowsThatNeverMigrateAreReported() {
        Fixture f = new Fixture(dir)
                .file(
                        ".github/workflows/ci.yml",
                        "on: push",
                        "jobs:",
                        "  t:",
                        "    runs-on: ubuntu-24.04",
                        "    steps:",
                        "      - run: make test");
        assertThat(f.check(new WorkflowMigrateRule()))
                .containsExactly(".github/workflows/ci.yml:1: [workflow-migrate]");
    }
}
