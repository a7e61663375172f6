package com.meatscentral.golden.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files of a service's source tree, walked once, read at most once each (content is
 * cached and shared by every rule). Directories that never hold committed sources
 * (node_modules, .git, target, virtualenvs, caches) are not entered, nor plain directory
 * names listed in the root {@code .gitignore}; in a git work tree, files git ignores are left
 * out too (rules are about what is committed).
 */
public final class ProjectTree {

    static final Set<String> ALWAYS_EXCLUDED = Set.of(
            ".git",
            "node_modules",
            "target",
            ".venv",
            "venv",
            "__pycache__",
            ".tox",
            ".mypy_cache",
            ".pytest_cache",
            ".idea",
            ".gradle",
            ".mvn");

    /** Files larger than this are not read as text (they are not sources). */
    static final long MAX_TEXT_BYTES = 2L * 1024 * 1024;

    private final Path root;
    private final List<String> files;
    private final Map<String, Optional<String>> contents = new ConcurrentHashMap<>();
    private final Map<String, int[]> lineStarts = new ConcurrentHashMap<>();
    private final Map<String, Object> memo = new ConcurrentHashMap<>();

    private ProjectTree(Path root, List<String> files) {
        this.root = root;
        this.files = Collections.unmodifiableList(files);
    }

    public static ProjectTree walk(Path root) {
        Path base = root.toAbsolutePath().normalize();
        Set<String> ignored = new java.util.HashSet<>(ALWAYS_EXCLUDED);
        ignored.addAll(GitIgnored.directoryNames(base.resolve(".gitignore")));
        List<String> found = new ArrayList<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(base)
                            && (ignored.contains(dir.getFileName().toString())
                                    || Files.exists(dir.resolve("pyvenv.cfg")))) {
                        // A virtualenv under any name: installed packages, not the service's sources.
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        found.add(relative(base, file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + base, e);
        }
        List<String> gitIgnored = GitIgnored.under(base);
        if (!gitIgnored.isEmpty()) {
            Set<String> files = new java.util.HashSet<>();
            List<String> dirs = new ArrayList<>();
            gitIgnored.forEach(p -> (p.endsWith("/") ? dirs : files).add(p));
            found.removeIf(f -> files.contains(f) || dirs.stream().anyMatch(f::startsWith));
        }
        Collections.sort(found);
        return new ProjectTree(base, found);
    }

    private static String relative(Path base, Path file) {
        String rel = base.relativize(file).toString();
        return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }

    public Path root() {
        return root;
    }

    public List<String> files() {
        return files;
    }

    public Stream<String> files(Predicate<String> filter) {
        return files.stream().filter(filter);
    }

    public boolean exists(String path) {
        return Collections.binarySearch(files, path) >= 0;
    }

    public static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The file as UTF-8 text; empty when it is missing, too large or not text. */
    public Optional<String> text(String path) {
        return contents.computeIfAbsent(path, this::read);
    }

    private Optional<String> read(String path) {
        Path file = root.resolve(path);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_TEXT_BYTES) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0, n = Math.min(bytes.length, 8000); i < n; i++) {
                if (bytes[i] == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The lines of the file (no terminators); empty list when it cannot be read. */
    public List<String> lines(String path) {
        return text(path).map(t -> Arrays.asList(t.split("\r?\n", -1))).orElse(List.of());
    }

    /** A value derived from the tree, computed once and shared by the rules that need it (e.g. tokens). */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, java.util.function.Supplier<T> compute) {
        Object v = memo.get(key);
        if (v == null) {
            v = compute.get();
            Object prev = memo.putIfAbsent(key, v);
            if (prev != null) {
                v = prev;
            }
        }
        return (T) v;
    }

    /** The Python tokens of a file, tokenized once. */
    public List<PythonTokens.Token> pythonTokens(String path) {
        return memo("py:" + path, () -> PythonTokens.tokenize(text(path).orElse("")));
    }

    /** The file's logical Python lines, split once per tree for every rule that reads them. */
    public List<List<PythonTokens.Token>> pythonLines(String path) {
        // Shared by every rule: read-only copies, so no rule can change what the next one reads.
        return memo(
                "py-lines:" + path,
                () -> PythonTokens.logicalLines(pythonTokens(path)).stream()
                        .map(List::copyOf)
                        .toList());
    }

    /** 1-based line of a character offset in the file's text. */
    public int lineOf(String path, int offset) {
        int[] starts = lineStarts.computeIfAbsent(path, p -> starts(text(p).orElse("")));
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    static int[] starts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }
}
