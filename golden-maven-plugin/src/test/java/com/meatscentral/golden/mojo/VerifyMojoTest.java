package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden:verify reads the old singular {@code golden.verify.appsRoot} as the deprecated name of
 * {@code golden.verify.appsRoots} (it was silently ignored), with a warning.
 */
class VerifyMojoTest {

    @TempDir
    Path dir;

    /** Maven's log, keeping the warnings. */
    static final class Warnings extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void warn(CharSequence content) {
            lines.add(content.toString());
        }
    }

    private VerifyMojo verify(Warnings log) throws Exception {
        Files.createDirectories(dir.resolve("backend/apps/tenants"));
        Files.writeString(dir.resolve("backend/apps/tenants/models.py"), "from django.db import models\n");
        VerifyMojo goal = new VerifyMojo();
        goal.setLog(log);
        Fields.set(goal, "root", dir.toFile());
        Fields.set(goal, "manifest", new File(dir.toFile(), "config/env.manifest.json"));
        Fields.set(goal, "rules", "tenancy-model-fk");
        Fields.set(goal, "skipRules", "");
        Fields.set(goal, "environments", "");
        Fields.set(goal, "appsRoots", "");
        Fields.set(goal, "tenantApps", "");
        Fields.set(goal, "sharedApps", "");
        Fields.set(goal, "tenantModelBases", "TenantScopedModel");
        Fields.set(goal, "scopedViewSetBases", "TenantScopedViewSet");
        Fields.set(goal, "branches", "");
        Fields.set(goal, "migrationsSince", "");
        Fields.set(goal, "failOnViolation", true);
        return goal;
    }

    @Test
    void theOldSingularNameIsReadWithAWarning() throws Exception {
        Warnings log = new Warnings();
        VerifyMojo goal = Fields.set(verify(log), "appsRoot", "backend/missing");

        MojoFailureException e = catchThrowableOfType(MojoFailureException.class, goal::execute);

        assertThat(e.getMessage())
                .contains("golden.verify.appsRoots lists 'backend/missing', which is not a directory");
        assertThat(log.lines)
                .containsExactly(
                        "golden:verify: golden.verify.appsRoot is deprecated and goes away in the next release;"
                                + " rename it to golden.verify.appsRoots (comma separated folders)");
    }

    @Test
    void theNewNameWinsOverTheOldOneWithAWarning() throws Exception {
        Warnings log = new Warnings();
        VerifyMojo goal = Fields.set(verify(log), "appsRoot", "backend/missing");
        Fields.set(goal, "appsRoots", "backend/apps");

        goal.execute();

        assertThat(log.lines).singleElement().asString().contains("golden.verify.appsRoot is deprecated and ignored");
    }

    @Test
    void withoutTheOldNameThereIsNoWarning() throws Exception {
        Warnings log = new Warnings();
        VerifyMojo goal = Fields.set(verify(log), "appsRoots", "backend/apps");

        goal.execute();

        assertThat(log.lines).noneMatch(l -> l.contains("appsRoot"));
    }
}
