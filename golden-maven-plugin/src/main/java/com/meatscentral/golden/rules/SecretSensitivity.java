package com.meatscentral.golden.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.Variable;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which names hold secrets. The manifest decides for its variables ({@code "sensitive": true|false}
 * on a variable covers its logical name and every CI secret name it maps to);
 * {@code frontend_runtime} variables never are (every browser receives them); any other name is
 * sensitive when one of its parts says so: PASSWORD, SECRET, TOKEN, KEY, PRIVATE, CREDENTIAL, DSN
 * (and PASSWD, PASSPHRASE, APIKEY), except the browser bundle's own variables (REACT_APP_*, VITE_*,
 * NEXT_PUBLIC_*), which are public by construction.
 */
final class SecretSensitivity {

    private static final Pattern SENSITIVE_PART = Pattern.compile(
            "(?i)(?:^|_)(?:[A-Z0-9]*PASSWORD|PASSWD|PASSPHRASE|SECRETS?|TOKENS?|KEYS?|PRIVATE|CREDENTIALS?|DSN|APIKEY|SECRETKEY)(?:_|$)");

    private final Set<String> marked = new HashSet<>();
    private final Set<String> notSecret = new HashSet<>();

    private SecretSensitivity() {}

    static SecretSensitivity byNameOnly() {
        return new SecretSensitivity();
    }

    static SecretSensitivity of(Manifest manifest) {
        SecretSensitivity s = new SecretSensitivity();
        for (Variable v : manifest.allVariables()) {
            JsonNode flag = manifest.sensitiveMarks()
                    .get("/variables/" + v.category().jsonName() + "/" + v.name() + "/sensitive");
            Boolean sensitive = v.category() == Variable.Category.FRONTEND_RUNTIME
                    ? Boolean.FALSE
                    : flag != null && flag.isBoolean() ? flag.booleanValue() : null;
            if (sensitive == null) {
                continue;
            }
            Set<String> names = new HashSet<>();
            names.add(v.name());
            for (Environment env : manifest.environments().values()) {
                if (v.appliesTo(env)) {
                    v.secretNameFor(env).ifPresent(names::add);
                }
            }
            names.forEach(n -> (sensitive ? s.marked : s.notSecret).add(n.toUpperCase(Locale.ROOT)));
        }
        s.marked.removeAll(s.notSecret); // a name both ways (shared by a frontend variable): public
        return s;
    }

    boolean isSensitive(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (notSecret.contains(upper)) {
            return false;
        }
        return marked.contains(upper) || byName(name);
    }

    /** Names the manifest marks sensitive although their name does not say so (the rule looks for them too). */
    Set<String> markedNames() {
        return Set.copyOf(marked);
    }

    /** Build-time variables of browser bundles (CRA, Vite, Next.js): compiled into the JavaScript every visitor loads. */
    private static final Pattern BROWSER_PUBLIC = Pattern.compile("(?i)^(REACT_APP_|VITE_|NEXT_PUBLIC_)");

    static boolean byName(String name) {
        if (BROWSER_PUBLIC.matcher(name).find()) {
            return false;
        }
        // camelCase parts count as parts: apiKey, dbPassword.
        return SENSITIVE_PART
                .matcher(name.replaceAll("([a-z0-9])([A-Z])", "$1_$2"))
                .find();
    }
}
