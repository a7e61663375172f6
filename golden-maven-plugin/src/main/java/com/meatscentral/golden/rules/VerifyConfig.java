package com.meatscentral.golden.rules;

import com.meatscentral.golden.workflows.BranchMapping;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the rules need to know about the service beyond its files, as plain values (the
 * mojo fills it from POM parameters).
 *
 * @param manifestPath        repository-relative path of the manifest
 * @param environments        environments the manifest must define
 * @param appsRoots           directories whose sub-directories are Django apps; empty = every directory
 *                            with an apps.py or models.py, wherever it is
 * @param tenantApps          apps whose models must be tenant-scoped; empty = every app not shared
 * @param sharedApps          apps whose models are not tenant-scoped ({@code tenants} always is)
 * @param tenantModelBases    base classes that already carry the tenant FK
 * @param scopedViewSetBases  viewset base classes that filter by request.tenant
 * @param backendHealth       the backend health URL workflows must check
 * @param frontendHealth      the frontend health URL workflows must check
 * @param healthAttempts      attempts a health check makes
 * @param requiredDocs        documents that must exist
 * @param bindings            effective phase per golden goal of the project (goal -> phases); empty when
 *                            the project does not inherit golden-parent (the bindings rule then does not apply)
 * @param pomPath             repository-relative POM path (for bindings violations)
 * @param generatedWorkflows  what golden:workflows generates, path -> content; empty when the manifest cannot load
 * @param branches            golden.workflows.branches: branches of environments without one in the manifest
 * @param migrationsSince     git ref whose later migration files the migration-safety rule checks; empty = none
 */
public record VerifyConfig(
        String manifestPath,
        List<String> environments,
        List<String> appsRoots,
        List<String> tenantApps,
        List<String> sharedApps,
        List<String> tenantModelBases,
        List<String> scopedViewSetBases,
        String backendHealth,
        String frontendHealth,
        int healthAttempts,
        List<String> requiredDocs,
        Optional<Map<String, List<String>>> bindings,
        String pomPath,
        Map<String, String> generatedWorkflows,
        BranchMapping branches,
        String migrationsSince) {

    public static final List<String> REFERENCE_ENVIRONMENTS =
            List.of("dev-backend", "dev-frontend", "uat2-backend", "uat2", "prod2-backend", "prod2-frontend");

    public VerifyConfig {
        Objects.requireNonNull(manifestPath);
        environments = List.copyOf(environments);
        appsRoots = List.copyOf(appsRoots);
        branches = branches == null ? BranchMapping.none() : branches;
        tenantApps = List.copyOf(tenantApps);
        sharedApps = List.copyOf(sharedApps);
        tenantModelBases = List.copyOf(tenantModelBases);
        scopedViewSetBases = List.copyOf(scopedViewSetBases);
        requiredDocs = List.copyOf(requiredDocs);
        bindings = bindings == null ? Optional.empty() : bindings;
        generatedWorkflows = Map.copyOf(generatedWorkflows);
        migrationsSince = migrationsSince == null ? "" : migrationsSince.strip();
    }

    /** The reference's values. */
    public static VerifyConfig defaults() {
        return builder().build();
    }

    /**
     * The reference's values with {@code settings} applied, by component name:
     * {@code VerifyConfig.of(b -> b.appsRoots = List.of("backend/apps"))}.
     */
    public static VerifyConfig of(Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(builder(), settings, Builder::build);
    }

    /** This configuration with {@code change} applied, by component name. */
    public VerifyConfig with(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /** A builder holding the reference's values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return com.meatscentral.golden.Builders.copy(this, new Builder());
    }

    /**
     * A {@link VerifyConfig} being built: one public field per component, named as the record's
     * and holding the reference's value until set. Two lists of app names side by side are
     * easy to swap in a positional call; here each is set by name.
     */
    public static final class Builder {
        public String manifestPath = "config/env.manifest.json";
        public List<String> environments = REFERENCE_ENVIRONMENTS;
        public List<String> appsRoots = List.of();
        public List<String> tenantApps = List.of();
        public List<String> sharedApps = List.of();
        public List<String> tenantModelBases = List.of("TenantScopedModel");
        public List<String> scopedViewSetBases = List.of("TenantScopedViewSet");
        public String backendHealth = "http://localhost:8000/api/v1/health/";
        public String frontendHealth = "http://127.0.0.1:8080/";
        public int healthAttempts = 5;
        public List<String> requiredDocs = List.of("docs/GOLDEN_PIPELINE.md", "docs/CONFIGURATION_AND_SECRETS.md");
        public Optional<Map<String, List<String>>> bindings = Optional.empty();
        public String pomPath = "pom.xml";
        public Map<String, String> generatedWorkflows = Map.of();
        public BranchMapping branches = BranchMapping.none();
        public String migrationsSince = "";

        private Builder() {}

        public VerifyConfig build() {
            return new VerifyConfig(
                    manifestPath,
                    environments,
                    appsRoots,
                    tenantApps,
                    sharedApps,
                    tenantModelBases,
                    scopedViewSetBases,
                    backendHealth,
                    frontendHealth,
                    healthAttempts,
                    requiredDocs,
                    bindings,
                    pomPath,
                    generatedWorkflows,
                    branches,
                    migrationsSince);
        }
    }
}
