package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.PluginManagement;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/** One name per setting: the old names of golden:migrate still work for a release, with a warning. */
class DeprecatedParametersTest {

    private static final Map<String, String> MIGRATE = new MigrateMojo().deprecatedParameterNames();

    private static Xpp3Dom configuration(String... names) {
        Xpp3Dom dom = new Xpp3Dom("configuration");
        for (String name : names) {
            Xpp3Dom child = new Xpp3Dom(name);
            child.setValue("x");
            dom.addChild(child);
        }
        return dom;
    }

    private static Plugin golden() {
        Plugin plugin = new Plugin();
        plugin.setGroupId("com.meatscentral.golden");
        plugin.setArtifactId("golden-maven-plugin");
        return plugin;
    }

    private static MavenProject project(Plugin plugin, boolean managed) {
        Model model = new Model();
        Build build = new Build();
        if (managed) {
            PluginManagement management = new PluginManagement();
            management.addPlugin(plugin);
            build.setPluginManagement(management);
        } else {
            build.addPlugin(plugin);
        }
        model.setBuild(build);
        return new MavenProject(model);
    }

    @Test
    void theMigrateGoalMapsItsOldNamesToDeploysNames() {
        assertThat(MIGRATE)
                .containsEntry("timeoutMinutes", "migrateTimeoutMinutes")
                .containsEntry("command", "migrateCommand")
                .containsEntry("lockWaitSeconds", "migrateLockWaitSeconds");
    }

    @Test
    void anOldNameInThePluginConfigurationIsWarnedAbout() {
        Plugin plugin = golden();
        plugin.setConfiguration(configuration("timeoutMinutes", "migrateEnv"));
        MojoExecution execution = new MojoExecution(golden(), "migrate", "default-cli");

        assertThat(DeprecatedParameters.warnings(project(plugin, false), execution, MIGRATE, "golden:migrate"))
                .containsExactly(
                        "golden:migrate: the parameter <timeoutMinutes> is deprecated and goes away in the next"
                                + " release; rename it to <migrateTimeoutMinutes> (the name every goal uses for this setting)");
    }

    @Test
    void anOldNameInTheRunningExecutionOrInPluginManagementIsWarnedAbout() {
        Plugin plugin = golden();
        PluginExecution migrate = new PluginExecution();
        migrate.setId("migrate-first");
        migrate.setConfiguration(configuration("command"));
        plugin.addExecution(migrate);

        assertThat(DeprecatedParameters.warnings(
                        project(plugin, false),
                        new MojoExecution(golden(), "migrate", "migrate-first"),
                        MIGRATE,
                        "golden:migrate"))
                .singleElement()
                .asString()
                .contains("<command>")
                .contains("<migrateCommand>");
        assertThat(DeprecatedParameters.warnings(
                        project(plugin, false),
                        new MojoExecution(golden(), "migrate", "other"),
                        MIGRATE,
                        "golden:migrate"))
                .isEmpty();

        Plugin managed = golden();
        managed.setConfiguration(configuration("command"));
        assertThat(DeprecatedParameters.warnings(
                        project(managed, true),
                        new MojoExecution(golden(), "migrate", "default-cli"),
                        MIGRATE,
                        "golden:migrate"))
                .hasSize(1);
    }

    @Test
    void theNewNamesAreNotWarnedAbout() {
        Plugin plugin = golden();
        plugin.setConfiguration(configuration("migrateTimeoutMinutes", "migrateCommand"));
        assertThat(DeprecatedParameters.warnings(
                        project(plugin, false),
                        new MojoExecution(golden(), "migrate", "default-cli"),
                        MIGRATE,
                        "golden:migrate"))
                .isEmpty();
    }
}
