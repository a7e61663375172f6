package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** -Dgolden.images=backend,frontend: which configured images a goal works on. */
final class ImageSelection {

    private ImageSelection() {}

    static <T> List<T> select(List<T> all, String selection, Function<T, String> name) {
        if (selection == null || selection.isBlank()) {
            return all;
        }
        List<String> wanted = Arrays.stream(selection.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        List<String> known = all.stream().map(name).toList();
        for (String w : wanted) {
            if (!known.contains(w)) {
                throw new GoldenException(
                        "-Dgolden.images names '" + w + "', which is not a configured image",
                        "use one of " + String.join(", ", known));
            }
        }
        return all.stream().filter(i -> wanted.contains(name.apply(i))).toList();
    }
}
