package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code postgresql://USER:PASSWORD@HOST:PORT/NAME} with user, password and name
 * percent-encoded (RFC 3986: everything but unreserved characters), so a password with
 * {@code @ : / % # ?} or a space survives; dj-database-url decodes it with
 * {@code urllib.parse.unquote}. {@link #toString()} masks the password.
 *
 * @param options libpq connection parameters as the query string, e.g. {@code sslmode},
 *                {@code sslrootcert}, {@code hostaddr} (dj-database-url hands them to psycopg);
 *                never secrets
 */
public record DatabaseUrl(
        String user, String password, String host, int port, String name, Map<String, String> options) {

    public DatabaseUrl {
        require(user, "DB_USER");
        require(password, "DB_PASSWORD");
        require(host, "host");
        require(name, "DB_NAME");
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public DatabaseUrl(String user, String password, String host, int port, String name) {
        this(user, password, host, port, name, Map.of());
    }

    /**
     * The URL the migration container gets for {@code tls} through the tunnel's local end
     * {@code 127.0.0.1:tunnelPort}: {@code sslmode}, the root certificate's path inside the
     * container, and for {@code verify-full} DB_HOST as the host (the name its certificate is
     * checked against) with {@code hostaddr=127.0.0.1} (where libpq actually connects).
     */
    public static DatabaseUrl throughTunnel(
            String user,
            String password,
            String dbHost,
            int tunnelPort,
            String name,
            DatabaseTls tls,
            String rootCertPathInContainer) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("sslmode", tls.mode().libpq());
        if (tls.rootCertPem() != null && rootCertPathInContainer != null) {
            options.put("sslrootcert", rootCertPathInContainer);
        }
        boolean byName = tls.mode() == DatabaseTls.Mode.VERIFY_FULL;
        if (byName) {
            options.put("hostaddr", "127.0.0.1");
        }
        return new DatabaseUrl(user, password, byName ? dbHost : "127.0.0.1", tunnelPort, name, options);
    }

    /** The URL to hand to the application. It contains the password: never log it. */
    public String value() {
        return "postgresql://" + encode(user) + ":" + encode(password) + "@" + hostPart() + ":" + port + "/"
                + encode(name) + query();
    }

    private String query() {
        return options.isEmpty()
                ? ""
                : "?"
                        + options.entrySet().stream()
                                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                                .collect(java.util.stream.Collectors.joining("&"));
    }

    /** The JDBC form (credentials go as properties, not in the URL). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostPart() + ":" + port + "/" + encode(name);
    }

    private String hostPart() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Reads a URL back, decoding user, password and name as Python's unquote does. */
    public static DatabaseUrl parse(String url) {
        try {
            URI uri = new URI(url);
            String userInfo = uri.getRawUserInfo();
            if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())
                    || userInfo == null
                    || uri.getHost() == null) {
                throw new GoldenException(
                        "Not a postgresql://USER:PASSWORD@HOST:PORT/NAME URL", "percent-encode user and password");
            }
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
            String host = uri.getHost().replaceAll("^\\[|]$", "");
            Map<String, String> options = new LinkedHashMap<>();
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    }
                }
            }
            return new DatabaseUrl(
                    user, password, host, uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path), options);
        } catch (URISyntaxException e) {
            // The message would quote the URL, password included.
            throw new GoldenException(
                    "Not a valid database URL (at index " + e.getIndex() + ")", "percent-encode user and password");
        }
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes; only ALPHA DIGIT - . _ ~ stay as they are. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding only ({@code +} stays a plus, as in Python's unquote). */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%'
                    && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0
                    && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void require(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new GoldenException("The database " + what + " is empty", "set " + what + " for this environment");
        }
    }

    @Override
    public String toString() {
        return "postgresql://" + encode(user) + ":****@" + hostPart() + ":" + port + "/" + encode(name) + query();
    }
}
