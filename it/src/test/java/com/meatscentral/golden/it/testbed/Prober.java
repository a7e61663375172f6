package com.meatscentral.golden.it.testbed;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The one zero-downtime prober: an open-loop HTTP prober that keeps its own rate and its own
 * connections, whatever the server does. The e2e tests start it around a deploy
 * ({@link #at(String)}...{@link Options#start()}, then {@link #close()}); the benchmarks run this
 * file as a program (JDK only, so {@code java Prober.java} runs it without a build):
 *
 * <pre>
 *   java Prober.java HOST PORT RATE MAX_SECONDS STOP_FILE LOG_FILE PATH...
 * </pre>
 *
 * Request i is due at start + i/RATE (a fixed schedule: a slow answer does not delay the next
 * request) and goes to PATH[i % n]. Every FRESH_EVERY-th request (default 5; 1: every request)
 * opens a new connection and sends {@code Connection: close}; the others reuse one of KEEPALIVE
 * (default 4) keep-alive connections, and open a fresh one when all of them are busy (counted as
 * overflow). A request fails when the answer is not HTTP 200, or the connection fails or closes,
 * or the whole request (from its due time) takes longer than TIMEOUT_MS (default 2000). No retry:
 * a request on a keep-alive connection that the server closed is a failure, as the client saw it.
 *
 * <p>The program runs until STOP_FILE exists or MAX_SECONDS passed (a bound), waits for the
 * requests in flight (each has its timeout), writes one line per request to LOG_FILE
 * ({@code due_epoch_ms path fresh|keepalive status latency_ms error}), then prints every failure
 * with its time and error, and the summary: requests, failed, rate, longest and p99 (from the due
 * time, so queueing in the prober counts against it too). Loopback and testbed addresses
 * (10.213.1.x) only.
 */
public final class Prober implements AutoCloseable {

    record Result(long dueEpochMs, String path, boolean fresh, int status, long latencyMs, String error, String body) {
        boolean ok() {
            return status == 200 && error.isEmpty();
        }

        String line() {
            return dueEpochMs + " " + path + " " + (fresh ? "fresh" : "keepalive") + " " + status + " " + latencyMs
                    + " " + (error.isEmpty() ? "-" : error.replace(' ', '_'));
        }

        String failure() {
            return "failure at " + Instant.ofEpochMilli(dueEpochMs) + " " + path + " ("
                    + (fresh ? "fresh connection" : "keep-alive") + "): "
                    + (error.isEmpty() ? "HTTP " + status : error);
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

    /** Where and how hard to probe; {@link #start()} starts a prober in the background. */
    public static final class Options {
        private final URI url;
        private double rate = 50;
        private int keepAlive = 4;
        private int freshEvery = 5;
        private Duration timeout = Duration.ofSeconds(2);

        private Options(URI url) {
            this.url = url;
        }

        public Options rate(double requestsPerSecond) {
            this.rate = requestsPerSecond;
            return this;
        }

        /** Every n-th request on a new connection; 1: every request (no keep-alive at all). */
        public Options freshEvery(int n) {
            this.freshEvery = n;
            return this;
        }

        /** The longest a request may take from its due time. */
        public Options timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public Prober start() {
            int keep = freshEvery == 1 ? 0 : keepAlive; // every request fresh: no keep-alive set to open
            int port = url.getPort() < 0 ? 80 : url.getPort();
            Prober prober = new Prober(url.getHost(), port, keep, freshEvery, (int) timeout.toMillis());
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            prober.startInBackground(rate, List.of(path));
            return prober;
        }
    }

    /** Probes {@code url} ({@code http://host:port/path}, a testbed or loopback address). */
    public static Options at(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the prober speaks plain HTTP only: " + url);
        }
        checkTarget(uri.getHost());
        return new Options(uri);
    }

    private final String host;
    private final int port;
    private final int keepAlive;
    private final int freshEvery;
    private final int timeoutMs;
    private final LinkedBlockingQueue<Conn> idle = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile int overflow;
    private volatile long sent;
    private volatile double seconds;
    private volatile boolean ended;
    private Thread runner;
    private volatile Exception runFailure;

    Prober(String host, int port, int keepAlive, int freshEvery, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.keepAlive = keepAlive;
        this.freshEvery = freshEvery;
        this.timeoutMs = timeoutMs;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: java Prober.java HOST PORT RATE MAX_SECONDS STOP_FILE LOG_FILE PATH...");
            System.exit(2);
        }
        String host = args[0];
        try {
            checkTarget(host);
        } catch (IllegalArgumentException e) {
            System.err.println("prober: " + e.getMessage());
            System.exit(2);
        }
        Path stop = Path.of(args[4]);
        Prober prober = new Prober(
                host,
                Integer.parseInt(args[1]),
                Integer.getInteger("probe.keepalive", 4),
                Integer.getInteger("probe.freshEvery", 5),
                Integer.getInteger("probe.timeoutMs", 2000));
        prober.run(
                Double.parseDouble(args[2]),
                Integer.parseInt(args[3]),
                () -> Files.exists(stop),
                List.of(args).subList(6, args.length));
        prober.report(Path.of(args[5]));
    }

    private static void checkTarget(String host) {
        if (host == null || !host.startsWith("10.213.1.") && !host.equals("127.0.0.1")) {
            throw new IllegalArgumentException("refusing " + host + " (testbed 10.213.1.x or loopback only)");
        }
    }

    private void startInBackground(double rate, List<String> paths) {
        runner = new Thread(
                () -> {
                    try {
                        run(rate, 1800, stopped::get, paths); // a bound; a test stops it long before
                    } catch (Exception e) {
                        runFailure = e;
                    }
                },
                "prober");
        runner.setDaemon(true);
        runner.start();
    }

    /** Stops the schedule, waits for the requests in flight (each bounded by its timeout) and prints the summary. */
    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        runner.join(timeoutMs + 10_000L);
        if (runner.isAlive()) {
            throw new AssertionError("the prober did not stop within " + (timeoutMs + 10_000L) + " ms");
        }
        if (runFailure != null) {
            throw new AssertionError("the prober could not run: " + runFailure, runFailure);
        }
        System.out.println(summary());
    }

    /** Requests that failed so far; after {@link #close()}, also those that never ended. */
    public long failed() {
        long missing = ended ? Math.max(0, sent - results.size()) : 0;
        return results.stream().filter(r -> !r.ok()).count() + missing;
    }

    public long requests() {
        return sent;
    }

    /** Requests per second over the run (after {@link #close()}). */
    public double rate() {
        return seconds == 0 ? 0 : sent / seconds;
    }

    /** Each failed request with its time and what went wrong. */
    public List<String> failures() {
        return sorted().stream().filter(r -> !r.ok()).map(Result::failure).toList();
    }

    /** How many answers carried each body (trimmed): e.g. which versions served during a rollout. */
    public Map<String, Integer> bodies() {
        Map<String, Integer> bodies = new TreeMap<>();
        results.stream().filter(Result::ok).forEach(r -> bodies.merge(r.body(), 1, Integer::sum));
        return bodies;
    }

    void run(double rate, int maxSeconds, BooleanSupplier stop, List<String> paths) throws Exception {
        for (int i = 0; i < keepAlive; i++) {
            idle.add(new Conn(host, port, timeoutMs)); // the keep-alive set; a refused connect fails here
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
                if (stop.getAsBoolean()) {
                    break;
                }
                nextStopCheck = due + TimeUnit.MILLISECONDS.toNanos(100);
            }
            String path = paths.get((int) (i % paths.size()));
            boolean fresh = freshEvery > 0 && i % freshEvery == freshEvery - 1;
            long dueEpochMs = startEpochMs + TimeUnit.NANOSECONDS.toMillis(due - startNanos);
            long dueNanos = due;
            pool.execute(() -> results.add(request(path, fresh, dueNanos, dueEpochMs)));
            i++;
            sent = i;
        }
        seconds = (System.nanoTime() - startNanos) / 1e9;
        pool.shutdown();
        if (!pool.awaitTermination(timeoutMs + 3000L, TimeUnit.MILLISECONDS)) {
            System.out.println("prober: requests still running after their timeout (counted as missing)");
        }
        idle.forEach(Conn::close);
        ended = true;
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
        String body = "";
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
            body = r.body;
            c.reused = true;
            keep = !close && !r.close;
        } catch (SocketTimeoutException e) {
            error = "timeout after " + timeoutMs + " ms";
        } catch (IOException | RuntimeException e) {
            error = (conn != null && conn.reused ? "reused connection: " : "")
                    + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueNanos);
        if (latencyMs > timeoutMs && error.isEmpty()) {
            error = "took " + latencyMs + " ms (over " + timeoutMs + " ms)";
        }
        if (conn != null) {
            if (keep && error.isEmpty()) {
                idle.add(conn);
            } else {
                conn.close();
                if (!close) {
                    replaceKeepAlive(); // keep the keep-alive set at its size
                }
            }
        } else if (!close) {
            replaceKeepAlive();
        }
        return new Result(dueEpochMs, path, close, status, latencyMs, error, body);
    }

    void replaceKeepAlive() {
        try {
            idle.add(new Conn(host, port, timeoutMs));
        } catch (IOException e) {
            // the next keep-alive request opens one (as overflow) and fails visibly if it cannot
        }
    }

    int remaining(long dueNanos) throws SocketTimeoutException {
        long left = timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueNanos);
        if (left <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        return (int) left;
    }

    /** The status, whether the server closes the connection, and the body's first KiB (trimmed). */
    record Response(int status, boolean close, String body) {}

    /** Status line, headers, then the body by Content-Length, chunked, or until close. */
    Response read(Conn c, long dueNanos) throws IOException {
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
        ByteArrayOutputStream body = new ByteArrayOutputStream();
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
                copy(c.in, n, body);
                copy(c.in, 2, OutputStream.nullOutputStream());
            }
        } else if (length >= 0) {
            copy(c.in, length, body);
        } else {
            c.in.transferTo(body);
            close = true;
        }
        String text = body.toString(StandardCharsets.UTF_8);
        return new Response(
                status, close, text.substring(0, Math.min(1024, text.length())).trim());
    }

    /** Reads exactly {@code n} bytes into {@code to}. */
    static void copy(InputStream in, long n, OutputStream to) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("connection closed in the body (" + n + " bytes missing)");
            }
            to.write(buf, 0, r);
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

    private List<Result> sorted() {
        List<Result> all = new ArrayList<>(results);
        all.sort((a, b) -> Long.compare(a.dueEpochMs(), b.dueEpochMs()));
        return all;
    }

    /** requests, failed, rate, longest and p99 latency, connections opened beyond the keep-alive set. */
    String summary() {
        List<Long> latencies =
                new ArrayList<>(results.stream().map(Result::latencyMs).toList());
        Collections.sort(latencies);
        long longest = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1);
        long p99 = latencies.isEmpty() ? 0 : latencies.get(Math.max(0, (int) Math.ceil(latencies.size() * 0.99) - 1));
        return String.format(
                Locale.ROOT,
                "requests=%d failed=%d rate_per_s=%.1f longest_ms=%d p99_ms=%d overflow_connections=%d",
                sent,
                failed(),
                rate(),
                longest,
                p99,
                overflow);
    }

    /** The program's end: one line per request to {@code log}, every failure, then the summary. */
    void report(Path log) throws IOException {
        List<Result> all = sorted();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
            all.forEach(r -> w.println(r.line()));
        }
        failures().forEach(System.out::println);
        System.out.println(summary());
    }
}
