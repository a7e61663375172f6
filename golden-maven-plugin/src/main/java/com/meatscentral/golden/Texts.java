package com.meatscentral.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A table of words that ships as a properties resource next to the class that names its rows
 * (rule reasons and fixes, role purposes and aliases): data stays out of code, and a missing row
 * fails when the class loads, which every unit test of it notices.
 */
public final class Texts {

    private final Class<?> owner;
    private final String resource;
    private final Properties words = new Properties();

    private Texts(Class<?> owner, String resource) {
        this.owner = owner;
        this.resource = resource;
    }

    /** {@code resource} next to {@code owner}, read once (UTF-8, not Java's default ISO-8859-1). */
    public static Texts load(Class<?> owner, String resource) {
        Texts texts = new Texts(owner, resource);
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "golden is built wrong: " + resource + " is not next to " + owner.getName());
            }
            texts.words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    /** The text of {@code key}; a key the resource lacks is a build error, not a user's. */
    public String get(String key) {
        String text = words.getProperty(key);
        if (text == null) {
            throw new IllegalStateException(
                    "golden is built wrong: " + resource + " next to " + owner.getName() + " has no " + key);
        }
        return text;
    }

    /** Every key of the resource, sorted: what a test holds against the rows the code names. */
    public SortedSet<String> keys() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(words.stringPropertyNames()));
    }

    /**
     * One row per constant of {@code type}, made by {@code row} from {@code resource} next to the
     * enum: an enum names the rows, the resource holds their words.
     */
    public static <E extends Enum<E>, R> Map<E, R> table(Class<E> type, String resource, BiFunction<E, Texts, R> row) {
        Texts texts = load(type, resource);
        Map<E, R> rows = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            rows.put(constant, row.apply(constant, texts));
        }
        return rows;
    }
}
