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
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context of an image as a tar STREAM, written once, while it is sent: the upload
 * ({@link ContextUploadHttpClient}) asks the stream to {@link InputStream#transferTo transfer}
 * itself, and the tar (commons-compress) is then written straight into the request body in the
 * sending thread, with no copy in between. Measured on a 40 MB context: the tar through a pipe
 * to a second thread cost the JVM 2-4 times the CPU of writing it straight (the pipe's copies and
 * hand-overs, and more code to compile before the first build is warm), on 2 cores that the engine
 * needs at the same time. A reader that reads instead (a test, docker-java's own transport) gets the
 * tar from a writer thread through a {@link ChunkPipe}, so the heap never holds more than the pipe's
 * 1 MB of the context. {@code .dockerignore} is applied as the Docker CLI does; the Dockerfile and
 * {@code .dockerignore} are always sent (the engine needs them; the classic builder drops them
 * from COPY itself when they are ignored). A Dockerfile outside the context is added under
 * {@link #OUTSIDE_DOCKERFILE}, as the CLI does with a random name.
 */
public final class BuildContext implements AutoCloseable {

    static final String OUTSIDE_DOCKERFILE = ".golden-dockerfile";
    private final Path context;
    private final DockerIgnore ignore;
    private final Path outsideDockerfile;
    private final String dockerfileInTar;
    private final String name;
    private final Tar stream = new Tar();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong bytes = new AtomicLong();
    private volatile ChunkPipe pipe;
    private volatile Thread writer;

    private BuildContext(
            Path context, DockerIgnore ignore, Path outsideDockerfile, String dockerfileInTar, String name) {
        this.context = context;
        this.ignore = ignore;
        this.outsideDockerfile = outsideDockerfile;
        this.dockerfileInTar = dockerfileInTar;
        this.name = name;
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

    /** Checks the inputs; the tar is written when the stream is sent (or read). */
    public static BuildContext open(ImageSpec spec) {
        Path context = spec.contextDir().toAbsolutePath().normalize();
        Path dockerfile = checkedDockerfile(spec);
        DockerIgnore ignore = DockerIgnore.forContext(context);
        boolean inside = dockerfile.startsWith(context);
        String dockerfileInTar = inside ? slashes(context.relativize(dockerfile)) : OUTSIDE_DOCKERFILE;
        return new BuildContext(context, ignore, inside ? null : dockerfile, dockerfileInTar, spec.name());
    }

    /** The tar to send, once: {@code transferTo} writes it straight into the target, {@code read} through a pipe. */
    public InputStream stream() {
        return stream;
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

    /**
     * Writes the tar into {@code sink}. A failure of the context (an unreadable file) is kept for
     * {@link #failure()}; one of the sink (the engine stopped reading) is only thrown.
     */
    private void write(OutputStream sink) throws IOException {
        Sink out = new Sink(sink, bytes);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
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
                        OUTSIDE_DOCKERFILE,
                        Files.readAttributes(outsideDockerfile, BasicFileAttributes.class));
            }
            tar.finish();
        } catch (IOException | RuntimeException | Error e) {
            if (!out.failed) {
                failure.compareAndSet(null, e);
            }
            throw e;
        }
    }

    /** Starts the writer thread behind {@link ChunkPipe} for a reader; nothing when the tar is already being sent. */
    private synchronized ChunkPipe piped() throws IOException {
        if (pipe == null) {
            if (!started.compareAndSet(false, true)) {
                throw new IOException("the build context of " + name + " is being sent already");
            }
            ChunkPipe p = new ChunkPipe();
            Thread t = new Thread(
                    () -> {
                        try {
                            write(p.out);
                            p.out.close(); // the end of the tar for the reader
                        } catch (Throwable e) {
                            p.fail(e); // the reader gets an IOException, not a silently cut tar
                        }
                    },
                    "golden-context-" + name);
            t.setDaemon(true);
            pipe = p;
            writer = t;
            t.start();
        }
        return pipe;
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

    private static java.util.Optional<BasicFileAttributes> posix(Path path) throws IOException {
        try {
            return java.util.Optional.of(
                    Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException e) {
            return java.util.Optional.empty(); // not POSIX: commons-compress's default modes
        }
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

    /** Stops the writer (an abandoned build) and frees the pipe, if a reader made one. */
    @Override
    public void close() {
        ChunkPipe p = pipe;
        Thread t = writer;
        if (p == null || t == null) {
            return;
        }
        p.closeReader(); // makes a writer that is still running stop
        t.interrupt();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tar as a stream: sent by {@link #transferTo} straight from the files, or read through the pipe. */
    final class Tar extends InputStream {

        @Override
        public int read() throws IOException {
            return piped().in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return piped().in.read(b, off, len);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            if (pipe != null || !started.compareAndSet(false, true)) {
                return super.transferTo(out); // a reader began: go on from the pipe
            }
            long before = bytes.get();
            write(out);
            return bytes.get() - before;
        }

        @Override
        public void close() {
            ChunkPipe p = pipe;
            if (p != null) {
                p.closeReader();
            }
        }
    }

    /** Counts what reaches the sink and tells its failures (the engine stopped reading) from the context's. */
    private static final class Sink extends java.io.FilterOutputStream {
        private final AtomicLong count;
        boolean failed;

        Sink(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            count.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // the sink is the caller's (the request body, the pipe): closed by its owner
        }
    }
}
