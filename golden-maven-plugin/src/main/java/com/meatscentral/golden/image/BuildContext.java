package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The build context of an image as a tar STREAM, written once, while it is sent: the upload
 * ({@link ContextUploadHttpClient}) asks the stream to {@link InputStream#transferTo transfer}
 * itself, and the tar (commons-compress) is then written straight into the request body in the
 * sending thread, with no copy in between. Measured on a 40 MB context: the tar through a pipe
 * to a second thread cost the JVM 2-4 times the CPU of writing it straight (the pipe's copies and
 * hand-overs, and more code to compile before the first build is warm), on 2 cores that the engine
 * needs at the same time. A reader that reads instead (a test, docker-java's own transport) gets the
 * tar from a writer thread through a {@link ChunkPipe}, so the heap never holds more than the pipe's
 * 1 MB of the context. The tar itself, as the Docker CLI writes it: {@link ContextTar}.
 */
public final class BuildContext implements AutoCloseable {

    /** A Dockerfile outside the context goes into the tar under this name (the CLI uses a random one). */
    static final String OUTSIDE_DOCKERFILE = ".golden-dockerfile";

    private final ContextTar tar;
    private final String dockerfileInTar;
    private final String name;
    private final Tar stream = new Tar();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong bytes = new AtomicLong();
    private volatile ChunkPipe pipe;
    private volatile Thread writer;
    private volatile boolean closed;

    private BuildContext(ContextTar tar, String dockerfileInTar, String name) {
        this.tar = tar;
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
        String dockerfileInTar = inside ? ContextTar.slashes(context.relativize(dockerfile)) : OUTSIDE_DOCKERFILE;
        return new BuildContext(
                new ContextTar(context, ignore, inside ? null : dockerfile, dockerfileInTar),
                dockerfileInTar,
                spec.name());
    }

    /** The tar to send, once: {@code transferTo} writes it straight into the target, {@code read} through a pipe. */
    public InputStream stream() {
        return stream;
    }

    /** The Dockerfile's path inside the tar, for the engine's {@code dockerfile} parameter. */
    public String dockerfileInTar() {
        return dockerfileInTar;
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
        Sink out = new Sink(sink);
        try {
            tar.write(out);
        } catch (IOException | RuntimeException | Error e) {
            if (!out.failed) {
                failure.compareAndSet(null, e);
            }
            throw e;
        }
    }

    /** Starts the writer thread behind {@link ChunkPipe} for a reader; nothing when the tar is already being sent. */
    private synchronized ChunkPipe piped() throws IOException {
        if (closed) {
            throw abandoned();
        }
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
     * Stops the upload of an abandoned build (an interrupt, a failure): the thread that sends the
     * tar straight into the request fails at its next write, and a writer behind the pipe stops.
     */
    @Override
    public synchronized void close() {
        closed = true;
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

    private java.io.InterruptedIOException abandoned() {
        return new java.io.InterruptedIOException("the build of " + name + " was abandoned: its context is not sent");
    }

    /**
     * Counts what reaches the sink and tells its failures (the engine stopped reading, the build
     * was abandoned) from the context's.
     */
    private final class Sink extends java.io.FilterOutputStream {
        boolean failed;

        Sink(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                failed = true;
                throw abandoned();
            }
            try {
                out.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            bytes.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            if (closed) {
                failed = true;
                throw abandoned();
            }
            try {
                out.flush();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }
    }
}
