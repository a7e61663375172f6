package com.meatscentral.golden;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How golden's value objects with many components are made: {@code X.of(b -> { b.env = ...; })}
 * fills a fresh builder by component name, then its {@code build} checks and makes the value.
 * One method, so every {@code of} reads the same and says only which builder and which build.
 */
public final class Builders {

    private Builders() {}

    /** Applies {@code settings} to {@code builder} and returns what {@code build} makes of it. */
    public static <B, T> T build(B builder, Consumer<? super B> settings, Function<? super B, T> build) {
        settings.accept(builder);
        return build.apply(builder);
    }
}
