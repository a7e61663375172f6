package com.meatscentral.golden.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the tar of one build context (commons-compress) as the Docker CLI does: {@code .dockerignore}
 * applied, the Dockerfile and {@code .dockerignore} always in (the engine needs them; the classic
 * builder drops them from COPY itself when they are ignored), a Dockerfile outside the context
 * under {@link BuildContext#OUTSIDE_DOCKERFILE}, each entry with the CLI's header.
 */
final class ContextTar {

    private final Path context;
    private final DockerIgnore ignore;
    private final Path outsideDockerfile;
    private final String dockerfileInTar;

    /** @param outsideDockerfile the Dockerfile when it lies outside {@code context}, else null */
    ContextTar(Path context, DockerIgnore ignore, Path outsideDockerfile, String dockerfileInTar) {
        this.context = context;
        this.ignore = ignore;
        this.outsideDockerfile = outsideDockerfile;
        this.dockerfileInTar = dockerfileInTar;
    }

    /** Writes the whole tar into {@code out}, without closing it. */
    @SuppressWarnings("resource") // closing the tar stream would close out
    void write(OutputStream out) throws IOException {
        // Names in UTF-8 whatever the platform's charset (the engine reads them so, as the CLI writes them).
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<Path> always = new ArrayList<>(List.of(context.resolve(".dockerignore")));
        if (outsideDockerfile == null) {
            always.add(context.resolve(dockerfileInTar));
        }
        Files.walkFileTree(context, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(context)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = slashes(context.relativize(dir));
                if (ignore.excludes(name)) {
                    // With '!' lines something below may come back, and the Dockerfile is sent even from an
                    // ignored folder (the CLI adds "!<dockerfile>"); the engine creates parents itself.
                    return ignore.hasExceptions() || always.stream().anyMatch(a -> a.startsWith(dir))
                            ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }
                add(tar, dir, name + "/", attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = slashes(context.relativize(file));
                if (!ignore.excludes(name) || always.contains(file)) {
                    add(tar, file, name, attrs);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (outsideDockerfile != null) {
            add(
                    tar,
                    outsideDockerfile,
                    BuildContext.OUTSIDE_DOCKERFILE,
                    Files.readAttributes(outsideDockerfile, BasicFileAttributes.class));
        }
        tar.finish(); // the end records, flushed; out stays open for its owner (the request, the pipe)
    }

    /**
     * One entry with the CLI's tar header: mode, size, modification time in whole seconds, owner 0,
     * no names, no access or change time. One stat per file, no user-name lookup and no PAX header
     * per file (commons-compress's entry made from a file does several stats, looks up the owner's
     * and group's names, and adds a PAX header for the times' fractions).
     */
    private static void add(TarArchiveOutputStream tar, Path path, String name, BasicFileAttributes basic)
            throws IOException {
        // The walk's attributes hide the permissions: one stat for them (and all the rest) on POSIX.
        BasicFileAttributes attrs = posix(path).orElse(basic);
        TarArchiveEntry entry;
        if (attrs.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else {
            entry = new TarArchiveEntry(name); // a name ending in '/' is a directory
            if (attrs.isRegularFile()) {
                entry.setSize(attrs.size());
            }
            if (attrs instanceof PosixFileAttributes posix) {
                entry.setMode((attrs.isDirectory() ? 040000 : 0100000) | mode(posix.permissions()));
            }
        }
        entry.setModTime(attrs.lastModifiedTime().toMillis() / 1000 * 1000);
        // Fixed owner, like the CLI's tar (the engine chowns to root anyway); no host user names leak.
        entry.setIds(0, 0);
        entry.setNames("", "");
        tar.putArchiveEntry(entry);
        if (attrs.isRegularFile()) {
            try (InputStream file = Files.newInputStream(path)) {
                byte[] buffer = new byte[ChunkPipe.CHUNK];
                int n;
                while ((n = file.read(buffer)) > 0) {
                    tar.write(buffer, 0, n);
                }
            }
        }
        tar.closeArchiveEntry();
    }

    private static Optional<BasicFileAttributes> posix(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException e) {
            return Optional.empty(); // not POSIX: commons-compress's default modes
        }
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    /** A relative path as a tar entry name: '/' between the parts. */
    static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
