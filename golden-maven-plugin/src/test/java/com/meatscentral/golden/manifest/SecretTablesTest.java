package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION_AND_SECRETS.md carries the tables generated from the reference manifest, current. */
class SecretTablesTest {

    static final String REGENERATE = "./mvnw -B -ntp -q -o test -pl golden-maven-plugin -Dtest=SecretTablesTest"
            + " -Dgolden.docs.regenerate=true";

    private static Path guide() {
        return ReferenceManifest.path().getParent().getParent().resolve("docs/CONFIGURATION_AND_SECRETS.md");
    }

    @Test
    void guideTablesMatchTheReferenceManifest() throws IOException {
        Manifest manifest = ReferenceManifest.load();
        String current = Files.readString(guide(), StandardCharsets.UTF_8);
        String expected = SecretTables.replaceGenerated(current, manifest);
        if (Boolean.getBoolean("golden.docs.regenerate") && !expected.equals(current)) {
            Files.writeString(guide(), expected, StandardCharsets.UTF_8);
            current = expected;
        }
        assertThat(current)
                .as(
                        "docs/CONFIGURATION_AND_SECRETS.md is stale against config/env.manifest.json; regenerate it with:%n  %s",
                        REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void tablesShowTheLegacyExceptionsAndGlobals() {
        String md = SecretTables.markdown(ReferenceManifest.load());
        assertThat(md)
                .contains("`STAGING_HOST` ⚠️")
                .contains("`PRODUCTION_HOST` ⚠️")
                .contains("`SSH_PASSWORD` 🌐")
                .contains("`DEV_SSH_PASSWORD` |")
                .contains("not a secret: django_settings = `projectmeats.settings.production`")
                .contains("| `DB_PORT` *default 5432* | application |")
                .contains("| `SSH_PRIVATE_KEY` *optional* | infrastructure |");
    }
}
