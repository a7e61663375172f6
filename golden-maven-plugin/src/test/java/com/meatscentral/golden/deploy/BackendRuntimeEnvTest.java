package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.manifest.ReferenceManifest;
import com.meatscentral.golden.manifest.V5Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend container connects as the application role, or as the owner with one RLS warning. */
class BackendRuntimeEnvTest {

    @Test
    void withAnApplicationRoleTheContainerNeverSeesTheOwner() {
        Map<String, String> env = new HashMap<>();
        ReferenceManifest.load().secretNamesFor("dev-backend").forEach(n -> env.put(n, "v-" + n));
        List<String> warnings = new ArrayList<>();
        Map<String, String> runtime =
                BackendRuntimeEnv.from(ReferenceManifest.load().valuesFor("dev-backend", env), warnings::add);
        assertThat(runtime)
                .containsEntry("DB_USER", "v-DEV_DB_APP_USER")
                .containsEntry("DB_PASSWORD", "v-DEV_DB_APP_PASSWORD")
                .doesNotContainKey("DB_APP_PASSWORD")
                .doesNotContainValue("v-DEV_DB_PASSWORD");
        assertThat(warnings).isEmpty();
    }

    @Test
    void withoutOneTheBackendGetsTheOwnerAndOneWarning() {
        Map<String, String> env = new HashMap<>();
        V5Manifest.load().secretNamesFor("dev-backend").forEach(n -> env.put(n, "v-" + n));
        List<String> warnings = new ArrayList<>();
        Map<String, String> runtime =
                BackendRuntimeEnv.from(V5Manifest.load().valuesFor("dev-backend", env), warnings::add);
        assertThat(runtime)
                .containsEntry("DB_USER", "v-DB_USER")
                .containsEntry("DB_PASSWORD", "v-DB_PASSWORD")
                .containsEntry("DJANGO_SECRET_KEY", "v-DJANGO_SECRET_KEY")
                .containsEntry("DJANGO_SETTINGS_MODULE", "projectmeats.settings.development")
                .containsEntry("DB_NAME", "v-DB_NAME");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains("dev-backend")
                .contains("row-level security is NOT enforced")
                .doesNotContain("v-DB");
    }
}
