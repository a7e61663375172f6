package com.meatscentral.golden.secrets;

import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.Variable;
import java.util.ArrayList;
import java.util.List;

/** The v3.3 naming convention an audit warns about: an environment's secrets carry its prefix. */
final class PrefixViolations {

    private PrefixViolations() {}

    /**
     * Explicitly mapped names that do not carry the environment's prefix, are not declared
     * global, and are not named in the environment's {@code legacy} text. (Patterns without
     * {PREFIX}, like REACT_APP_*, are deliberately the same name in every environment.)
     */
    static List<String> of(Manifest manifest, Environment env) {
        List<String> warnings = new ArrayList<>();
        for (Variable v : manifest.allVariables()) {
            String mapped = v.ciSecretMapping().get(env.name());
            if (mapped == null
                    || !v.appliesTo(env)
                    || mapped.startsWith(env.prefix() + "_")
                    || manifest.isGlobalSecret(mapped)
                    || env.documentsLegacy(mapped)) {
                continue;
            }
            warnings.add("Prefix violation: " + v.name() + " -> " + mapped + " in " + env.name()
                    + " does not start with " + env.prefix() + "_ and is not documented as legacy"
                    + " (name it in the environment's \"legacy\" text, or rename the secret)");
        }
        return warnings;
    }
}
