package com.meatscentral.golden.rules;

import com.meatscentral.golden.workflows.BranchMapping;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        return new VerifyConfig(
                "config/env.manifest.json",
                REFERENCE_ENVIRONMENTS,
                List.of(),
                List.of(),
                List.of(),
                List.of("TenantScopedModel"),
                List.of("TenantScopedViewSet"),
                "http://localhost:8000/api/v1/health/",
                "http://127.0.0.1:8080/",
                5,
                List.of("docs/GOLDEN_PIPELINE.md", "docs/CONFIGURATION_AND_SECRETS.md"),
                Optional.empty(),
                "pom.xml",
                Map.of(),
                BranchMapping.none(),
                "");
    }

    public VerifyConfig withMigrationsSince(String ref) {
        return copy(b -> b.migrationsSince = ref);
    }

    public VerifyConfig withBindings(Map<String, List<String>> effective) {
        return copy(b -> b.bindings = Optional.of(effective));
    }

    public VerifyConfig withGeneratedWorkflows(Map<String, String> generated) {
        return copy(b -> b.generatedWorkflows = generated);
    }

    public VerifyConfig withTenancy(
            List<String> appsRoots,
            List<String> tenantApps,
            List<String> sharedApps,
            List<String> tenantModelBases,
            List<String> scopedViewSetBases) {
        return copy(b -> {
            b.appsRoots = appsRoots;
            b.tenantApps = tenantApps;
            b.sharedApps = sharedApps;
            b.tenantModelBases = tenantModelBases;
            b.scopedViewSetBases = scopedViewSetBases;
        });
    }

    public VerifyConfig withManifest(String manifestPath, List<String> environments) {
        return copy(b -> {
            b.manifestPath = manifestPath;
            b.environments = environments;
        });
    }

    public VerifyConfig withPomPath(String pom) {
        return copy(b -> b.pomPath = pom);
    }

    public VerifyConfig withBranches(BranchMapping mapping) {
        return copy(b -> b.branches = mapping);
    }

    /** This configuration with {@code change} applied: one place that lists every component. */
    private VerifyConfig copy(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return new VerifyConfig(
                b.manifestPath,
                b.environments,
                b.appsRoots,
                b.tenantApps,
                b.sharedApps,
                b.tenantModelBases,
                b.scopedViewSetBases,
                b.backendHealth,
                b.frontendHealth,
                b.healthAttempts,
                b.requiredDocs,
                b.bindings,
                b.pomPath,
                b.generatedWorkflows,
                b.branches,
                b.migrationsSince);
    }

    /** The components of a configuration being changed by one of the {@code with} methods. */
    private static final class Copy {
        String manifestPath;
        List<String> environments;
        List<String> appsRoots;
        List<String> tenantApps;
        List<String> sharedApps;
        List<String> tenantModelBases;
        List<String> scopedViewSetBases;
        String backendHealth;
        String frontendHealth;
        int healthAttempts;
        List<String> requiredDocs;
        Optional<Map<String, List<String>>> bindings;
        String pomPath;
        Map<String, String> generatedWorkflows;
        BranchMapping branches;
        String migrationsSince;

        Copy(VerifyConfig c) {
            manifestPath = c.manifestPath;
            environments = c.environments;
            appsRoots = c.appsRoots;
            tenantApps = c.tenantApps;
            sharedApps = c.sharedApps;
            tenantModelBases = c.tenantModelBases;
            scopedViewSetBases = c.scopedViewSetBases;
            backendHealth = c.backendHealth;
            frontendHealth = c.frontendHealth;
            healthAttempts = c.healthAttempts;
            requiredDocs = c.requiredDocs;
            bindings = c.bindings;
            pomPath = c.pomPath;
            generatedWorkflows = c.generatedWorkflows;
            branches = c.branches;
            migrationsSince = c.migrationsSince;
        }
    }
}
