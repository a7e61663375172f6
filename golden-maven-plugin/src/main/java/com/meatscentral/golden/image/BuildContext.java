package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context of an image as a tar STREAM: a thread walks the context directory and
 * writes the tar (commons-compress) into a {@link ChunkPipe} while docker-java sends the other
 * end, so the heap never holds more than the pipe's 1 MB of the context. {@code .dockerignore} is applied as the Docker CLI does;
 * the Dockerfile and {@code .dockerignore} are always sent (the engine needs them; the
 * classic builder drops them from COPY itself when they are ignored). A Dockerfile outside
 * the context is added under {@link #OUTSIDE_DOCKERFILE}, as the CLI does with a random name.
 */
public final class BuildContext implements AutoCloseable {

    static final String OUTSIDE_DOCKERFILE = ".golden-dockerfile";
    private final ChunkPipe pipe;
    private final Thread writer;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong bytes = new AtomicLong();
    private final String dockerfileInTar;

    private BuildContext(ChunkPipe pipe, Thread writer, String dockerfileInTar) {
        this.pipe = pipe;
        this.writer = writer;
        this.dockerfileInTar = dockerfileInTar;
    }

    /** The Dockerfile of {@code spec} on disk, after checking that the context and the file exist. */
    public static Path checkedDockerfile(ImageSpec spec) {
        Path context = spec.contextDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new GoldenException(
                    "Build context " + context + " of image " + spec.name() + " is not a directory",
                    "create it, or set <contextDir> of image " + spec.name() + " in the golden plugin configuration");
        }
        Path dockerfile = context.resolve(spec.dockerfile()).normalize();
        if (!Files.isRegularFile(dockerfile)) {
            throw new GoldenException(
                    "Dockerfile " + dockerfile + " of image " + spec.name() + " does not exist",
                    "create it, or set <dockerfile> of image " + spec.name() + " (relative to " + context + ")");
        }
        return dockerfile;
    }

    /** Checks the inputs and starts streaming {@code spec}'s context. */
    public static BuildContext open(ImageSpec spec) {
        Path context = spec.contextDir().toAbsolutePath().normalize();
        Path dockerfile = checkedDockerfile(spec);
        DockerIgnore ignore = DockerIgnore.forContext(context);
        boolean inside = dockerfile.startsWith(context);
        String dockerfileInTar = inside ? slashes(context.relativize(dockerfile)) : OUTSIDE_DOCKERFILE;
        ChunkPipe pipe = new ChunkPipe();
        BuildContext[] self = new BuildContext[1];
        Thread writer = new Thread(
                () -> self[0].write(context, ignore, inside ? null : dockerfile, dockerfileInTar),
                "golden-context-" + spec.name());
        writer.setDaemon(true);
        self[0] = new BuildContext(pipe, writer, dockerfileInTar);
        writer.start();
        return self[0];
    }

    /** The tar to send; read it to the end (docker-java does). */
    public InputStream stream() {
        return pipe.in;
    }

    /** The Dockerfile's path inside the tar, for the engine's {@code dockerfile} parameter. */
    public String dockerfileInTar() {
        return dockerfileInTar;
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return bytes.get();
    }

    /** The writer's failure, if any (an unreadable file, say), to report instead of the engine's view of a cut tar. */
    public Throwable failure() {
        return failure.get();
    }

    private void write(Path context, DockerIgnore ignore, Path outsideDockerfile, String dockerfileInTar) {
        try (OutputStream counted = new CountingStream(pipe.out, bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(counted)) {
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
                        // With '!' lines something below may come back; the engine creates parents itself.
                        return ignore.hasExceptions() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                    }
                    add(tar, dir, name + "/");
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = slashes(context.relativize(file));
                    if (!ignore.excludes(name) || always.contains(file)) {
                        add(tar, file, name);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            if (outsideDockerfile != null) {
                add(tar, outsideDockerfile, OUTSIDE_DOCKERFILE);
            }
            tar.finish();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            pipe.fail(e); // the reader (docker-java) gets an IOException, not a silently cut tar
        }
    }

    private static void add(TarArchiveOutputStream tar, Path path, String name) throws IOException {
        TarArchiveEntry entry;
        if (Files.isSymbolicLink(path)) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else {
            entry = new TarArchiveEntry(path.toFile(), name);
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                entry.setMode((entry.isDirectory() ? 040000 : 0100000) | mode(perms));
            } catch (UnsupportedOperationException e) {
                // Non-POSIX file systems keep commons-compress's defaults.
            }
        }
        // Fixed owner, like the CLI's tar (the engine chowns to root anyway); no host user names leak.
        entry.setIds(0, 0);
        entry.setNames("", "");
        tar.putArchiveEntry(entry);
        // Not entry.isFile(): commons-compress calls a symlink entry without a file a "file".
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
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

    private static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    /** Stops the writer (an abandoned build) and frees the pipe. */
    @Override
    public void close() {
        pipe.closeReader(); // makes a writer that is still running stop
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        private final AtomicLong count;

        CountingStream(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
        }
    }
}
