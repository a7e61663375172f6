package com.meatscentral.golden.mojo;

import java.lang.reflect.Field;

/** Sets a mojo's parameter field as Maven's configurator does (by name, up the class hierarchy). */
final class Fields {

    private Fields() {}

    static <T> T set(T target, String name, Object value) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return target;
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("no field " + name + " in " + target.getClass());
    }
}
