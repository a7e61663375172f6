package com.meatscentral.golden.mojo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Warnings for old parameter names a POM still uses. Maven itself maps an old name to the
 * parameter (it is the parameter's {@code alias}) and, having done so, no longer tells which
 * name was written; so the POM's own configuration of this plugin is read: plugin-level,
 * pluginManagement and the running execution's.
 */
final class DeprecatedParameters {

    private DeprecatedParameters() {}

    /** One warning per old name configured for {@code execution}; none outside a project. */
    static List<String> warnings(
            MavenProject project, MojoExecution execution, Map<String, String> oldToNew, String goal) {
        List<String> warnings = new ArrayList<>();
        if (project == null || execution == null || oldToNew.isEmpty()) {
            return warnings;
        }
        String key = execution.getGroupId() + ":" + execution.getArtifactId();
        List<Xpp3Dom> configurations = new ArrayList<>();
        collect(project.getPlugin(key), execution.getExecutionId(), configurations);
        if (project.getPluginManagement() != null) {
            collect(
                    project.getPluginManagement().getPluginsAsMap().get(key),
                    execution.getExecutionId(),
                    configurations);
        }
        oldToNew.forEach((oldName, newName) -> {
            if (configurations.stream().anyMatch(c -> c.getChild(oldName) != null)) {
                warnings.add(goal + ": the parameter <" + oldName + "> is deprecated and goes away in the next release;"
                        + " rename it to <" + newName + "> (the name every goal uses for this setting)");
            }
        });
        return warnings;
    }

    private static void collect(Plugin plugin, String executionId, List<Xpp3Dom> configurations) {
        if (plugin == null) {
            return;
        }
        if (plugin.getConfiguration() instanceof Xpp3Dom dom) {
            configurations.add(dom);
        }
        PluginExecution pluginExecution = plugin.getExecutionsAsMap().get(executionId);
        if (pluginExecution != null && pluginExecution.getConfiguration() instanceof Xpp3Dom dom) {
            configurations.add(dom);
        }
    }
}
