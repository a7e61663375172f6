package com.meatscentral.golden.secrets;

import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ResolvedVariable;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * What the audit found for {@code env}: its names and its prefix warnings come from the
     * manifest, the findings are set by name (none until set).
     */
    static EnvironmentAudit of(Manifest manifest, Environment env, Consumer<Findings> findings) {
        Findings f = new Findings();
        findings.accept(f);
        return new EnvironmentAudit(
                env.name(),
                env.githubEnvironment(),
                f.found,
                f.missing,
                f.absentOptional,
                f.zombies,
                PrefixViolations.of(manifest, env));
    }

    /** The findings of an {@link EnvironmentAudit} being made, by name. */
    static final class Findings {
        int found;
        List<ResolvedVariable> missing = List.of();
        List<ResolvedVariable> absentOptional = List.of();
        List<String> zombies = List.of();

        private Findings() {}
    }

    public boolean allClear() {
        return missing.isEmpty();
    }
}
