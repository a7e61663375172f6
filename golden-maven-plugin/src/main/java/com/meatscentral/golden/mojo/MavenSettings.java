package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.image.RegistryCredentials;
import com.meatscentral.golden.secrets.HttpProxy;
import com.meatscentral.golden.secrets.Redactor;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * settings.xml's {@code <server>} and {@code <proxy>} entries, passwords decrypted by Maven's
 * {@link SettingsDecrypter} in this one place (registry logins, the GitHub token, the proxy of
 * the GitHub API). As jib and Flyway do, a password Maven cannot decrypt fails the goal with
 * what to fix: an encrypted {@code {...}} string is never handed on as a password. Every
 * password (and its encrypted form) is registered for redaction before it is returned.
 */
record MavenSettings(Settings settings, SettingsDecrypter decrypter, Redactor redactor) {

    /** What Maven's password encryption writes: {@code {base64}}, possibly with text around it. */
    private static final Pattern ENCRYPTED = Pattern.compile(".*\\{[A-Za-z0-9+/=]{8,}}.*", Pattern.DOTALL);

    /** The decrypted password of server {@code id}, when that server exists and has one. */
    Optional<String> serverPassword(String id) {
        if (settings == null || id == null || settings.getServer(id) == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(decrypted(SERVER, settings.getServer(id)).getPassword())
                .filter(p -> !p.isBlank());
    }

    /** Every server as a registry login, by lower-case id (a registry host), passwords decrypted. */
    Map<String, RegistryCredentials.ServerLogin> registryLogins() {
        Map<String, RegistryCredentials.ServerLogin> logins = new LinkedHashMap<>();
        if (settings != null) {
            for (Server server : settings.getServers()) {
                Server s = decrypted(SERVER, server);
                logins.put(
                        s.getId().toLowerCase(Locale.ROOT),
                        new RegistryCredentials.ServerLogin(s.getUsername(), s.getPassword()));
            }
        }
        return logins;
    }

    /**
     * The active settings.xml proxy for {@code uri}, as Maven chooses one: the first active
     * proxy of the URI's protocol (an {@code http} proxy also serves https, as Maven's
     * resolver has it), unless the host is one of its {@code nonProxyHosts}.
     */
    Optional<HttpProxy> proxyFor(URI uri) {
        if (settings == null || uri.getScheme() == null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        List<Proxy> active =
                settings.getProxies().stream().filter(Proxy::isActive).toList();
        Optional<Proxy> chosen = active.stream()
                .filter(p -> scheme.equalsIgnoreCase(p.getProtocol()))
                .findFirst()
                .or(() -> scheme.equals("https")
                        ? active.stream()
                                .filter(p -> "http".equalsIgnoreCase(p.getProtocol()))
                                .findFirst()
                        : Optional.empty());
        return chosen.map(p -> decrypted(PROXY, p))
                .map(p -> new HttpProxy(
                        p.getHost(),
                        p.getPort(),
                        p.getUsername(),
                        p.getPassword(),
                        p.getNonProxyHosts() == null
                                ? List.of()
                                : Arrays.stream(p.getNonProxyHosts().split("[|,]"))
                                        .map(String::strip)
                                        .filter(h -> !h.isEmpty())
                                        .toList()))
                .filter(p -> !p.bypasses(uri.getHost()));
    }

    /**
     * What differs between a {@code <server>} and a {@code <proxy>} when its password is
     * decrypted: its tag and id for messages, its password, and how Maven's decrypter is asked
     * and answers. The decryption itself is {@link #decrypted(Kind, Object)}, once for both.
     */
    private record Kind<T>(
            String tag,
            Function<T, String> id,
            Function<T, String> password,
            Function<T, SettingsDecryptionRequest> request,
            Function<SettingsDecryptionResult, T> fromResult) {}

    private static final Kind<Server> SERVER = new Kind<>(
            "server",
            Server::getId,
            Server::getPassword,
            DefaultSettingsDecryptionRequest::new,
            SettingsDecryptionResult::getServer);

    private static final Kind<Proxy> PROXY = new Kind<>(
            "proxy",
            Proxy::getId,
            Proxy::getPassword,
            DefaultSettingsDecryptionRequest::new,
            SettingsDecryptionResult::getProxy);

    /** {@code original} with its password decrypted, checked and registered (the encrypted form too). */
    private <T> T decrypted(Kind<T> kind, T original) {
        String entry = "<" + kind.tag() + "> '" + kind.id().apply(original) + "'";
        register(kind.password().apply(original));
        T decrypted = original;
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(kind.request().apply(original));
            failOn(result.getProblems(), entry);
            decrypted = Optional.ofNullable(kind.fromResult().apply(result)).orElse(original);
        }
        checkDecrypted(kind.password().apply(decrypted), entry);
        register(kind.password().apply(decrypted));
        return decrypted;
    }

    private void failOn(List<SettingsProblem> problems, String entry) {
        for (SettingsProblem problem : problems) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new GoldenException(
                        "settings.xml " + entry + ": the password cannot be decrypted ("
                                + redactor.redact(problem.getMessage()) + ")",
                        FIX,
                        problem.getException());
            }
        }
    }

    /** Without a decrypter, or when a decrypter leaves it as it was, an encrypted password must not be used. */
    private static void checkDecrypted(String password, String entry) {
        if (password != null && ENCRYPTED.matcher(password).matches()) {
            throw new GoldenException(
                    "settings.xml " + entry + ": the password is still encrypted ({...}) after"
                            + " Maven's decryption; it would be sent as it is",
                    FIX);
        }
    }

    private static final String FIX = "check the master password in ~/.m2/settings-security.xml (the one the password"
            + " was encrypted with: mvn --encrypt-master-password), or encrypt the password again with"
            + " mvn --encrypt-password; see https://maven.apache.org/guides/mini/guide-encryption.html";

    private void register(String value) {
        if (value != null) {
            redactor.register(value);
        }
    }
}
