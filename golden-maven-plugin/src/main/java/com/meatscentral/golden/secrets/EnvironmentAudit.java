package com.meatscentral.golden.secrets;

import com.meatscentral.golden.manifest.ResolvedVariable;
import java.util.List;

/**
 * What the audit found for one environment.
 *
 * @param environment       manifest name, e.g. {@code uat2}
 * @param githubEnvironment the GitHub environment whose secrets were read
 * @param found             env-specific secrets found (GitHub) or secrets set (process environment)
 * @param missing           required variables whose secret is not available
 * @param absentOptional    optional variables whose secret is not available (information only)
 * @param zombies           secrets in the GitHub environment that no mapping uses
 * @param warnings          prefix violations not documented as legacy, and similar
 */
public record EnvironmentAudit(
        String environment,
        String githubEnvironment,
        int found,
        List<ResolvedVariable> missing,
        List<ResolvedVariable> absentOptional,
        List<String> zombies,
        List<String> warnings) {

    public EnvironmentAudit {
        missing = List.copyOf(missing);
        absentOptional = List.copyOf(absentOptional);
        zombies = List.copyOf(zombies);
        warnings = List.copyOf(warnings);
    }

    public boolean allClear() {
        return missing.isEmpty();
    }
}
