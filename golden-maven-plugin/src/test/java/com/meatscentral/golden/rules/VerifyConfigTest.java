package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** VerifyConfig is built by component name, from the reference's values. */
class VerifyConfigTest {

    @Test
    void theBuilderStartsFromTheReferencesValues() {
        VerifyConfig defaults = VerifyConfig.defaults();
        assertThat(defaults.manifestPath()).isEqualTo("config/env.manifest.json");
        assertThat(defaults.environments()).isEqualTo(VerifyConfig.REFERENCE_ENVIRONMENTS);
        assertThat(defaults.tenantModelBases()).containsExactly("TenantScopedModel");
        assertThat(defaults.healthAttempts()).isEqualTo(5);
        assertThat(defaults.bindings()).isEmpty();
        assertThat(VerifyConfig.builder().build()).usingRecursiveComparison().isEqualTo(defaults);
    }

    @Test
    void withChangesOnlyTheNamedComponents() {
        VerifyConfig base = VerifyConfig.of(b -> b.appsRoots = List.of("backend/apps"));
        VerifyConfig shared = base.with(b -> {
            b.sharedApps = List.of("core");
            b.bindings = Optional.of(Map.of("verify", List.of("validate")));
        });

        assertThat(shared.appsRoots()).containsExactly("backend/apps");
        assertThat(shared.sharedApps()).containsExactly("core");
        assertThat(shared.tenantApps()).isEmpty();
        assertThat(shared.bindings()).contains(Map.of("verify", List.of("validate")));
        assertThat(base.sharedApps()).isEmpty(); // the original is unchanged
        assertThat(shared.toBuilder().build()).usingRecursiveComparison().isEqualTo(shared);
    }

    @Test
    void aBuiltConfigurationDoesNotChangeWithTheListsItWasBuiltFrom() {
        List<String> roots = new ArrayList<>(List.of("backend/apps"));
        VerifyConfig config = VerifyConfig.of(b -> b.appsRoots = roots);
        roots.add("backend/other");
        assertThat(config.appsRoots()).containsExactly("backend/apps");
    }
}
