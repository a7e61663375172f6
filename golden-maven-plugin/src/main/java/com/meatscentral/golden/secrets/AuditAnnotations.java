package com.meatscentral.golden.secrets;

import com.meatscentral.golden.ci.GitHubActions;
import java.nio.file.Path;
import java.util.Map;

/** An audit's findings as GitHub Actions annotations, on the manifest as the workspace names it. */
final class AuditAnnotations {

    private AuditAnnotations() {}

    /** Missing secrets as errors, zombies and prefix violations as warnings, on the manifest's file. */
    static void annotate(GitHubActions actions, AuditReport report, Path manifest, Map<String, String> processEnv) {
        String file = annotationPath(manifest, processEnv);
        for (EnvironmentAudit env : report.environments()) {
            env.missing()
                    .forEach(m -> actions.error(
                            file, null, "golden:audit: " + env.environment() + " is missing " + m.arrow()));
            env.zombies()
                    .forEach(z -> actions.warning(
                            file,
                            null,
                            "golden:audit: zombie secret " + z + " in GitHub environment " + env.githubEnvironment()));
            env.warnings().forEach(w -> actions.warning(file, null, "golden:audit: " + w));
        }
    }

    /** Annotations name files relative to the workspace. */
    private static String annotationPath(Path manifest, Map<String, String> env) {
        String workspace = env.get("GITHUB_WORKSPACE");
        Path absolute = manifest.toAbsolutePath().normalize();
        if (workspace != null && !workspace.isBlank()) {
            Path root = Path.of(workspace).toAbsolutePath().normalize();
            if (absolute.startsWith(root)) {
                return root.relativize(absolute).toString();
            }
        }
        return manifest.toString();
    }
}
