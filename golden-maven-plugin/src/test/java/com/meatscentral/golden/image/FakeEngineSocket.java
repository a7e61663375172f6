package com.meatscentral.golden.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test code only: a Docker engine stand-in on a Unix socket that answers {@code /_ping} and
 * {@code /build} and records, per request, the request line, the headers, the body and the size of
 * every chunk of a chunked body, as the engine would read them.
 */
final class FakeEngineSocket implements AutoCloseable {

    record Received(String requestLine, Map<String, String> headers, byte[] body, List<Integer> chunks) {}

    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final ServerSocketChannel server;
    private final Thread acceptor;

    FakeEngineSocket(Path socket) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "fake-engine");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread t = new Thread(() -> serve(connection), "fake-engine-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection;
                InputStream in = Channels.newInputStream(connection);
                OutputStream out = Channels.newOutputStream(connection)) {
            String requestLine;
            while ((requestLine = line(in)) != null && !requestLine.isEmpty()) {
                Map<String, String> headers = new LinkedHashMap<>();
                String header;
                while (!(header = line(in)).isEmpty()) {
                    int colon = header.indexOf(':');
                    headers.put(
                            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                List<Integer> chunks = new ArrayList<>();
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    int size;
                    while ((size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0) {
                        chunks.add(size);
                        body.write(in.readNBytes(size));
                        line(in);
                    }
                    line(in);
                } else if (headers.containsKey("content-length")) {
                    body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
                }
                received.add(new Received(requestLine, headers, body.toByteArray(), List.copyOf(chunks)));
                String answer = requestLine.contains("/build")
                        ? "{\"stream\":\"Step 1/1 : FROM scratch\\n\"}\n"
                                + "{\"stream\":\"Successfully built abab12345678\\n\"}\n"
                        : "OK";
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: "
                                + (requestLine.contains("/build") ? "application/json" : "text/plain")
                                + "\r\nApi-Version: 1.41\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // The client hung up.
        }
    }

    /** One CRLF-terminated line without its end; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
