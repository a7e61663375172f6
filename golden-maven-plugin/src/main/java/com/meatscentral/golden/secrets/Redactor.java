package com.meatscentral.golden.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Replaces every registered secret value with {@code ****} in text that is about to be shown.
 * Register a value before anything can print it. Also masks the forms a value takes when
 * it is percent-encoded (as in a DATABASE_URL), so encoding does not leak it.
 */
public final class Redactor {

    public static final String MASK = "****";

    /** Values shorter than this are not masked: masking "1" or "on" would shred every log line. */
    static final int MIN_LENGTH = 4;

    private final Set<String> values = new CopyOnWriteArraySet<>();
    private final List<Consumer<String>> listeners = new ArrayList<>();
    private final List<Consumer<String>> unmaskable = new ArrayList<>();
    private volatile List<String> longestFirst = List.of();

    /**
     * Called once for each new value, before it is used: the GitHub Actions console
     * emits {@code ::add-mask::} from here.
     */
    public synchronized void onRegister(Consumer<String> listener) {
        listeners.add(listener);
        values.forEach(listener);
    }

    /**
     * Called with a warning naming the variable when a secret is too short to mask
     * ({@link #MIN_LENGTH}): the goal prints it loudly instead of leaving the value unmasked in silence.
     */
    public synchronized void onUnmaskable(Consumer<String> warning) {
        unmaskable.add(warning);
    }

    /** {@link #register(String)} for a value known by name: a value too short to mask is reported by that name. */
    public synchronized void register(String name, String value) {
        if (value != null && !value.isEmpty() && value.strip().length() < MIN_LENGTH) {
            String warning = tooShortWarning(name, value.strip().length());
            unmaskable.forEach(w -> w.accept(warning));
            return;
        }
        register(value);
    }

    static String tooShortWarning(String name, int length) {
        return "!!! SECRET NOT MASKED: " + name + " is " + length + " character" + (length == 1 ? "" : "s")
                + " long, too short to mask safely (masking values under " + MIN_LENGTH
                + " characters would shred every"
                + " log line), so it can appear in logs. fix: if it is secret, give it a value of at least "
                + MIN_LENGTH
                + " characters; if not (a port, a flag), make it a plain environment_config value in the manifest";
    }

    public synchronized void register(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            return;
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        for (String form : forms) {
            if (values.add(form)) {
                listeners.forEach(l -> l.accept(form));
            }
        }
        // Longest first, so a value that contains another is masked whole.
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        longestFirst = List.copyOf(sorted);
        // Multi-line values (PEM keys) are also masked line by line: logs split them.
        if (value.contains("\n")) {
            value.lines().map(String::strip).forEach(this::register);
        }
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : longestFirst) {
            if (result.contains(value)) {
                result = result.replace(value, MASK);
            }
        }
        return result;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
