package com.meatscentral.golden.mojo;

import com.meatscentral.golden.rules.Rules;
import com.meatscentral.golden.rules.Verifier;
import com.meatscentral.golden.rules.VerifyConfig;
import com.meatscentral.golden.workflows.BranchMapping;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Checks the service's source tree against the golden rules (tenancy, migrations, secrets,
 * health checks, workflows, docs, manifest, parent bindings) and fails the build with one
 * {@code path:line: [rule] message (fix: ...)} line per violation.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VALIDATE, requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractGoldenMojo {

    static final String PLUGIN_KEY = "com.meatscentral.golden:golden-maven-plugin";

    /** The service's root directory (the tree that is checked). */
    @Parameter(property = "golden.verify.root", defaultValue = "${basedir}")
    private File root;

    /** The manifest; must lie under the root. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    private File manifest;

    /** Only these rule ids (comma separated); empty = all. */
    @Parameter(property = "golden.verify.rules", defaultValue = "")
    private String rules;

    /** Rule ids not to run (comma separated). */
    @Parameter(property = "golden.verify.skipRules", defaultValue = "")
    private String skipRules;

    /** Fail the build on a violation; false only prints them. */
    @Parameter(property = "golden.verify.failOnViolation", defaultValue = "true")
    private boolean failOnViolation;

    /** Environments the manifest must define (comma separated), besides those the workflows name; e.g. the seed's six. */
    @Parameter(property = "golden.verify.environments", defaultValue = "")
    private String environments;

    /**
     * Folders whose sub-directories are the Django apps (comma separated, relative to the root);
     * empty = every directory with an apps.py or models.py, wherever it is. A listed folder that
     * does not exist is an error.
     */
    @Parameter(property = "golden.verify.appsRoots", defaultValue = "")
    private String appsRoots;

    /**
     * Deprecated: the old name of {@code golden.verify.appsRoots} (one folder), still read for one
     * release with a warning; ignored when {@code golden.verify.appsRoots} is set too.
     */
    @Parameter(property = "golden.verify.appsRoot")
    private String appsRoot;

    /** Apps whose models must be tenant-scoped (comma separated); empty = every app that is not shared. */
    @Parameter(property = "golden.verify.tenantApps", defaultValue = "")
    private String tenantApps;

    /** App labels whose models are not tenant-scoped, comma separated; the tenants app always is. */
    @Parameter(property = "golden.verify.sharedApps", defaultValue = "")
    private String sharedApps;

    /** Model base classes that carry the tenant ForeignKey, comma separated. */
    @Parameter(property = "golden.verify.tenantModelBases", defaultValue = "TenantScopedModel")
    private String tenantModelBases;

    /** ViewSet base classes that filter by request.tenant, comma separated. */
    @Parameter(property = "golden.verify.scopedViewSetBases", defaultValue = "TenantScopedViewSet")
    private String scopedViewSetBases;

    /**
     * Branch per v5 {@code deployment_target} for the workflow-drift rule, as golden:workflows
     * takes it, e.g. {@code development=development,uat=uat,production=main}.
     */
    @Parameter(property = "golden.workflows.branches", defaultValue = "")
    private String branches;

    /**
     * Git ref (e.g. {@code origin/main}) whose later Django migration files the migration-safety rule classifies;
     * empty: in a GitHub pull request {@code origin/$GITHUB_BASE_REF}, else the rule checks nothing.
     */
    @Parameter(property = "golden.verify.migrationsSince", defaultValue = "")
    private String migrationsSince;

    /** Skips this goal. */
    @Parameter(property = "golden.verify.skip", defaultValue = "false")
    public void setVerifySkip(boolean verifySkip) {
        skipGoal(verifySkip);
    }

    @Parameter(defaultValue = "${project}", readonly = true, required = false)
    private MavenProject project;

    @Override
    protected void run() {
        Path base = root.toPath().toAbsolutePath().normalize();
        VerifyConfig.Builder config = VerifyConfig.builder();
        config.manifestPath = relative(base, manifest.toPath());
        config.environments = Rules.ids(environments);
        config.appsRoots = Rules.ids(appsRoots());
        config.tenantApps = Rules.ids(tenantApps);
        config.sharedApps = Rules.ids(sharedApps);
        config.tenantModelBases = Rules.ids(tenantModelBases);
        config.scopedViewSetBases = Rules.ids(scopedViewSetBases);
        config.branches = BranchMapping.parse(branches);
        if (inheritsGoldenParent()) {
            config.bindings = Optional.of(bindings());
        }
        if (project != null && project.getFile() != null) {
            config.pomPath = relative(base, project.getFile().toPath());
        }
        config.migrationsSince = migrationsSince();
        Verifier verifier = new Verifier(console(), actions);
        if (manifest.isFile()) {
            try {
                com.meatscentral.golden.rules.ManifestRule.warnings(
                                com.meatscentral.golden.manifest.ManifestLoader.load(manifest.toPath()))
                        .forEach(console()::warn);
            } catch (com.meatscentral.golden.GoldenException e) {
                // the manifest rule reports it
            }
        }
        Verifier.Result result = verifier.check(base, config.build(), Rules.ids(rules), Rules.ids(skipRules));
        verifier.report(result, failOnViolation);
    }

    /** {@code appsRoots}, or the deprecated {@code appsRoot} when only that is set; a warning either way it is used. */
    String appsRoots() {
        if (appsRoot == null || appsRoot.isBlank()) {
            return appsRoots;
        }
        if (appsRoots != null && !appsRoots.isBlank()) {
            console()
                    .warn(
                            "golden:verify: golden.verify.appsRoot is deprecated and ignored here, golden.verify.appsRoots"
                                    + " is set too; remove golden.verify.appsRoot");
            return appsRoots;
        }
        console()
                .warn("golden:verify: golden.verify.appsRoot is deprecated and goes away in the next release;"
                        + " rename it to golden.verify.appsRoots (comma separated folders)");
        return appsRoot;
    }

    /** The explicit ref, else the pull request's target branch under GitHub Actions. */
    private String migrationsSince() {
        String baseRef = environment().getOrDefault("GITHUB_BASE_REF", "");
        return migrationsSince != null && !migrationsSince.isBlank()
                ? migrationsSince.strip()
                : baseRef.isBlank() ? "" : "origin/" + baseRef.strip();
    }

    private static String relative(Path base, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace(File.separatorChar, '/');
    }

    private boolean inheritsGoldenParent() {
        for (MavenProject p = project == null ? null : project.getParent(); p != null; p = p.getParent()) {
            if ("golden-parent".equals(p.getArtifactId()) && "com.meatscentral.golden".equals(p.getGroupId())) {
                return true;
            }
        }
        return false;
    }

    /** Goal -> phases of the project's effective golden executions (plain values for the core). */
    private Map<String, List<String>> bindings() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Plugin plugin = project.getPlugin(PLUGIN_KEY);
        if (plugin == null) {
            return out;
        }
        for (PluginExecution execution : plugin.getExecutions()) {
            for (String g : execution.getGoals()) {
                String phase = execution.getPhase() != null
                        ? execution.getPhase()
                        : com.meatscentral.golden.rules.ParentBindingsRule.EXPECTED.getOrDefault(g, "none");
                out.computeIfAbsent(g, k -> new ArrayList<>()).add(phase);
            }
        }
        return out;
    }
}
