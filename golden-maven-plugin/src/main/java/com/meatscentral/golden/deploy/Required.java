package com.meatscentral.golden.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * The required components of a value object being built by name: every one left unset is named
 * in one message, so a caller that forgot two learns both at once. A programming error, never
 * a user's (the mojos and the cores set them), hence an {@link IllegalStateException}.
 */
final class Required {

    private final String what;
    private final List<String> missing = new ArrayList<>();

    private Required(String what) {
        this.what = what;
    }

    static Required of(String what) {
        return new Required(what);
    }

    Required and(String component, Object value) {
        if (value == null) {
            missing.add(component);
        }
        return this;
    }

    void check() {
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    what + " is missing " + String.join(", ", missing) + ": set it on the builder before build()");
        }
    }
}
