package com.meatscentral.golden.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe from one writer thread to one reader thread that hands over 64 KB chunks
 * through a queue. Unlike PipedInput/OutputStream (which wake the reader only when the
 * buffer is full, so writer and reader take turns), both sides run at once; at most
 * {@code CHUNKS} x 64 KB are in flight. A writer failure reaches the reader as an IOException;
 * a closed reader makes the writer fail instead of blocking.
 */
final class ChunkPipe {

    static final int CHUNK = 64 * 1024;
    static final int CHUNKS = 16;

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS);
    private volatile boolean readerClosed;
    private volatile Throwable writerFailure;

    final OutputStream out = new OutputStream() {
        private byte[] chunk = new byte[CHUNK];
        private int used;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - used);
                System.arraycopy(b, off, chunk, used, n);
                used += n;
                off += n;
                len -= n;
                if (used == CHUNK) {
                    put(chunk);
                    chunk = new byte[CHUNK];
                    used = 0;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (used > 0) {
                byte[] last = new byte[used];
                System.arraycopy(chunk, 0, last, 0, used);
                put(last);
            }
            put(END);
        }
    };

    final InputStream in = new InputStream() {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == current.length) {
                if (ended) {
                    return -1;
                }
                byte[] next;
                try {
                    next = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the build context");
                }
                if (next == null) {
                    if (writerFailure != null) {
                        throw new IOException(
                                "the build context could not be written: " + writerFailure.getMessage(), writerFailure);
                    }
                    continue;
                }
                if (next == END) {
                    ended = true;
                    if (writerFailure != null) {
                        throw new IOException(
                                "the build context could not be written: " + writerFailure.getMessage(), writerFailure);
                    }
                    return -1;
                }
                current = next;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            readerClosed = true;
            queue.clear(); // frees a writer blocked on a full queue
        }
    };

    /** Closes the reading end: a writer still running fails at its next chunk instead of blocking. */
    void closeReader() {
        readerClosed = true;
        queue.clear();
    }

    /** Marks the writer as failed and ends the stream, so the reader throws instead of waiting. */
    void fail(Throwable failure) {
        writerFailure = failure;
        queue.clear();
        queue.offer(END);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                if (readerClosed) {
                    throw new IOException("the engine stopped reading the build context");
                }
            }
            if (readerClosed) {
                throw new IOException("the engine stopped reading the build context");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the build context");
        }
    }
}
