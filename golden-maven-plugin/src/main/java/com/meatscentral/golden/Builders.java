package com.meatscentral.golden;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
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

    /**
     * {@code builder} holding every component of {@code value}: the builders' convention is one
     * public field per component, named as the record's, so a record's {@code with}/{@code toBuilder}
     * is this one copy instead of a line per component (and a component added later is not forgotten).
     */
    public static <B> B copy(Record value, B builder) {
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            try {
                java.lang.reflect.Field field = builder.getClass().getField(c.getName());
                if (java.lang.reflect.Modifier.isFinal(field.getModifiers())
                        || !field.getType().equals(c.getType())) {
                    throw new IllegalStateException(builder.getClass().getName() + "." + c.getName()
                            + " is final or not of the component's type "
                            + c.getType().getName());
                }
                Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                field.set(builder, accessor.invoke(value));
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new IllegalStateException(
                        builder.getClass().getName() + " cannot take component " + c.getName() + " of "
                                + value.getClass().getName() + " (one public, non-final field per component)",
                        e);
            }
        }
        return builder;
    }
}
