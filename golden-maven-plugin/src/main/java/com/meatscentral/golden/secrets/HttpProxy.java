package com.meatscentral.golden.secrets;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An HTTP proxy as settings.xml's {@code <proxy>} describes it (the mojo layer reads and
 * decrypts it), applied to a JDK {@link HttpClient}: requests go through host:port unless
 * the target host matches one of {@code nonProxyHosts} ({@code *} wildcards, as Maven's).
 * The proxy login answers the proxy's 407 challenges only, never a server's 401.
 * {@link #toString()} never shows the password.
 *
 * <p>The JDK refuses Basic proxy authentication for https tunnels unless
 * {@code jdk.http.auth.tunneling.disabledSchemes} is emptied (e.g. in MAVEN_OPTS); that is the
 * JVM's policy, not golden's.
 */
public record HttpProxy(String host, int port, String username, String password, List<String> nonProxyHosts) {

    public HttpProxy {
        nonProxyHosts = nonProxyHosts == null ? List.of() : List.copyOf(nonProxyHosts);
    }

    /** True when {@code targetHost} is one of the hosts reached without the proxy. */
    public boolean bypasses(String targetHost) {
        if (targetHost == null) {
            return false;
        }
        String target = targetHost.toLowerCase(Locale.ROOT);
        return nonProxyHosts.stream()
                .anyMatch(pattern -> Pattern.compile(
                                Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q"))
                        .matcher(target)
                        .matches());
    }

    /** Routes {@code builder}'s requests through this proxy, with its login for the proxy only. */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
        builder.proxy(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return bypasses(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(new Proxy(Proxy.Type.HTTP, address));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // The request fails with the connection error; there is no other proxy to try.
            }
        });
        if (username != null && !username.isBlank()) {
            char[] secret = password == null ? new char[0] : password.toCharArray();
            builder.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(username, secret)
                            : null;
                }
            });
        }
        return builder;
    }

    @Override
    public String toString() {
        return "HttpProxy[" + host + ":" + port + (username == null ? "" : ", user " + username) + ", nonProxyHosts "
                + nonProxyHosts + "]";
    }
}
