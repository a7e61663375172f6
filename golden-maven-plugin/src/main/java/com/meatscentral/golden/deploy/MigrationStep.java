package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.manifest.EnvironmentValues;

/**
 * The golden:migrate core, run by a backend deploy before the container is replaced
 * (golden rule: migrations run before deployment, not at container start).
 */
@FunctionalInterface
public interface MigrationStep {

    void migrate(EnvironmentValues values, String image, Console console);

    MigrationStep NONE = (values, image, console) -> {};
}
