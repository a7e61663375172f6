import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An open-loop HTTP prober for the zero-downtime benchmark (issue 14): it keeps its own rate and
 * its own connections, whatever the server does.
 *
 * <pre>
 *   java Prober.java HOST PORT RATE MAX_SECONDS STOP_FILE LOG_FILE PATH...
 * </pre>
 *
 * Request i is due at start + i/RATE (a fixed schedule: a slow answer does not delay the next
 * request) and goes to PATH[i % n]. Every FRESH_EVERY-th request (default 5) opens a new
 * connection and sends {@code Connection: close}; the others reuse one of KEEPALIVE (default 4)
 * keep-alive connections, and open a fresh one when all of them are busy (counted as overflow).
 * A request fails when the answer is not HTTP 200, or the connection fails or closes, or the
 * whole request (from its due time) takes longer than TIMEOUT_MS (default 2000). No retry:
 * a request on a keep-alive connection that the server closed is a failure, as the client saw it.
 *
 * Runs until STOP_FILE exists or MAX_SECONDS passed (a bound), waits for the requests in flight
 * (each has its timeout), writes one line per request to LOG_FILE ({@code due_epoch_ms path
 * fresh|keepalive status latency_ms error}), then prints every failure with its time and error,
 * and the summary: requests, failed, rate, longest and p99 (from the due time, so queueing in
 * the prober counts against it too). Loopback and testbed addresses (10.213.1.x) only.
 */
public class Prober {

    static final int KEEPALIVE = Integer.getInteger("probe.keepalive", 4);
    static final int FRESH_EVERY = Integer.getInteger("probe.freshEvery", 5);
    static final int TIMEOUT_MS = Integer.getInteger("probe.timeoutMs", 2000);

    record Result(long dueEpochMs, String path, boolean fresh, int status, long latencyMs, String error) {
        boolean ok() {
            return status == 200 && error.isEmpty();
        }

        String line() {
            return dueEpochMs + " " + path + " " + (fresh ? "fresh" : "keepalive") + " " + status + " " + latencyMs
                    + " " + (error.isEmpty() ? "-" : error.replace(' ', '_'));
        }
    }

    /** One HTTP/1.1 connection; {@code reused} is false until it has carried one request. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean reused;

        Conn(String host, int port, int timeoutMs) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a failed connection
            }
        }
    }

    final String host;
    final int port;
    final LinkedBlockingQueue<Conn> idle = new LinkedBlockingQueue<>();
    final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    volatile int overflow;

    Prober(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: java Prober.java HOST PORT RATE MAX_SECONDS STOP_FILE LOG_FILE PATH...");
            System.exit(2);
        }
        String host = args[0];
        if (!host.startsWith("10.213.1.") && !host.equals("127.0.0.1")) {
            System.err.println("prober: refusing " + host + " (testbed 10.213.1.x or loopback only)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        double rate = Double.parseDouble(args[2]);
        int maxSeconds = Integer.parseInt(args[3]);
        Path stop = Path.of(args[4]);
        Path log = Path.of(args[5]);
        List<String> paths = List.of(args).subList(6, args.length);
        new Prober(host, port).run(rate, maxSeconds, stop, log, paths);
    }

    void run(double rate, int maxSeconds, Path stop, Path log, List<String> paths) throws Exception {
        for (int i = 0; i < KEEPALIVE; i++) {
            idle.add(new Conn(host, port, TIMEOUT_MS)); // the keep-alive set; a refused connect fails here
        }
        System.out.println("prober: started, " + rate + " requests/s to " + host + ":" + port + " " + paths);
        System.out.flush();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        long startNanos = System.nanoTime();
        long startEpochMs = System.currentTimeMillis();
        long periodNanos = (long) (1e9 / rate);
        long endNanos = startNanos + TimeUnit.SECONDS.toNanos(maxSeconds);
        long nextStopCheck = 0;
        long i = 0;
        while (true) {
            long due = startNanos + i * periodNanos;
            if (due >= endNanos) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (due >= nextStopCheck) {
                if (Files.exists(stop)) {
                    break;
                }
                nextStopCheck = due + TimeUnit.MILLISECONDS.toNanos(100);
            }
            String path = paths.get((int) (i % paths.size()));
            boolean fresh = FRESH_EVERY > 0 && i % FRESH_EVERY == FRESH_EVERY - 1;
            long dueEpochMs = startEpochMs + TimeUnit.NANOSECONDS.toMillis(due - startNanos);
            long dueNanos = due;
            pool.execute(() -> results.add(request(path, fresh, dueNanos, dueEpochMs)));
            i++;
        }
        long sent = i;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        pool.shutdown();
        if (!pool.awaitTermination(TIMEOUT_MS + 3000L, TimeUnit.MILLISECONDS)) {
            System.out.println("prober: requests still running after their timeout (counted as missing)");
        }
        idle.forEach(Conn::close);
        report(sent, seconds, log);
    }

    Result request(String path, boolean fresh, long dueNanos, long dueEpochMs) {
        Conn conn = fresh ? null : idle.poll();
        boolean overflowed = !fresh && conn == null;
        if (overflowed) {
            synchronized (this) {
                overflow++;
            }
        }
        boolean close = fresh || overflowed;
        int status = 0;
        String error = "";
        boolean keep = false;
        try {
            if (conn == null) {
                int left = remaining(dueNanos);
                conn = new Conn(host, port, left);
            }
            Conn c = conn;
            c.socket.setSoTimeout(remaining(dueNanos));
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: golden-prober\r\n"
                    + (close ? "Connection: close\r\n" : "") + "\r\n";
            c.out.write(req.getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            Response r = read(c, dueNanos);
            status = r.status;
            c.reused = true;
            keep = !close && !r.close;
        } catch (SocketTimeoutException e) {
            error = "timeout after " + TIMEOUT_MS + " ms";
        } catch (IOException | RuntimeException e) {
            error = (conn != null && conn.reused ? "reused connection: " : "") + e.getClass().getSimpleName() + ": "
                    + e.getMessage();
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueNanos);
        if (latencyMs > TIMEOUT_MS && error.isEmpty()) {
            error = "took " + latencyMs + " ms (over " + TIMEOUT_MS + " ms)";
        }
        if (conn != null) {
            if (keep && error.isEmpty()) {
                idle.add(conn);
            } else {
                conn.close();
                if (!close) {
                    replaceKeepAlive(); // keep the keep-alive set at KEEPALIVE connections
                }
            }
        } else if (!close) {
            replaceKeepAlive();
        }
        return new Result(dueEpochMs, path, close, status, latencyMs, error);
    }

    void replaceKeepAlive() {
        try {
            idle.add(new Conn(host, port, TIMEOUT_MS));
        } catch (IOException e) {
            // the next keep-alive request opens one (as overflow) and fails visibly if it cannot
        }
    }

    static int remaining(long dueNanos) throws SocketTimeoutException {
        long left = TIMEOUT_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueNanos);
        if (left <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        return (int) left;
    }

    record Response(int status, boolean close) {}

    /** Status line, headers, then the body by Content-Length, chunked, or until close. */
    static Response read(Conn c, long dueNanos) throws IOException {
        String statusLine = line(c.in);
        if (statusLine == null) {
            throw new IOException("connection closed before any answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        String h;
        while ((h = line(c.in)) != null && !h.isEmpty()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:")) {
                close = lower.contains("close") || (close && !lower.contains("keep-alive"));
            }
        }
        if (h == null) {
            throw new IOException("connection closed in the headers");
        }
        if (chunked) {
            while (true) {
                c.socket.setSoTimeout(remaining(dueNanos));
                String size = line(c.in);
                if (size == null) {
                    throw new IOException("connection closed in a chunked body");
                }
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    while ((h = line(c.in)) != null && !h.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(c.in, n + 2);
            }
        } else if (length >= 0) {
            skip(c.in, length);
        } else {
            c.in.transferTo(OutputStream.nullOutputStream());
            close = true;
        }
        return new Response(status, close);
    }

    static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("connection closed in the body (" + n + " bytes missing)");
            }
            n -= r;
        }
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(ch);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    void report(long sent, double seconds, Path log) throws IOException {
        List<Result> all = new ArrayList<>(results);
        all.sort((a, b) -> Long.compare(a.dueEpochMs(), b.dueEpochMs()));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
            all.forEach(r -> w.println(r.line()));
        }
        List<Long> latencies = new ArrayList<>();
        long failed = 0;
        for (Result r : all) {
            latencies.add(r.latencyMs());
            if (!r.ok()) {
                failed++;
                System.out.println("failure at " + Instant.ofEpochMilli(r.dueEpochMs()) + " " + r.path() + " ("
                        + (r.fresh() ? "fresh connection" : "keep-alive") + "): "
                        + (r.error().isEmpty() ? "HTTP " + r.status() : r.error()));
            }
        }
        long missing = sent - all.size();
        Collections.sort(latencies);
        long longest = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1);
        long p99 = latencies.isEmpty() ? 0 : latencies.get(Math.max(0, (int) Math.ceil(latencies.size() * 0.99) - 1));
        System.out.printf(
                Locale.ROOT,
                "requests=%d failed=%d rate_per_s=%.1f longest_ms=%d p99_ms=%d overflow_connections=%d%n",
                sent,
                failed + missing,
                sent / seconds,
                longest,
                p99,
                overflow);
    }
}
