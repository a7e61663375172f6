package com.meatscentral.golden.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** What git ignores in a service's tree, so that the rules judge what is committed. */
final class GitIgnored {

    private GitIgnored() {}

    /**
     * What git ignores under {@code base} (files, and directories ending in '/'), when base is in
     * a git work tree and git is installed: a developer's local .env is not committed, so no rule
     * is about it. Outside a work tree (or without git): nothing, every file counts.
     */
    static List<String> under(Path base) {
        try {
            Process p = new ProcessBuilder(
                            "git",
                            "-C",
                            base.toString(),
                            "ls-files",
                            "-z",
                            "--others",
                            "--ignored",
                            "--exclude-standard",
                            "--directory")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\0"))
                    .filter(e -> !e.isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Plain names ({@code build/}, {@code .cache}) from .gitignore; patterns with globs or slashes inside are ignored. */
    static List<String> directoryNames(Path gitignore) {
        if (!Files.isRegularFile(gitignore)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(gitignore, StandardCharsets.UTF_8)) {
            return lines.map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
                    .map(l -> l.startsWith("/") ? l.substring(1) : l)
                    .map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l)
                    .filter(l -> !l.isEmpty() && l.chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '/'))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
