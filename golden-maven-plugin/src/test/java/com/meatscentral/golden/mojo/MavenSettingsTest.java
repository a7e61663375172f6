package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.secrets.HttpProxy;
import com.meatscentral.golden.secrets.Redactor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** settings.xml as Maven hands it over, decrypted by Maven's own decrypter (a settings-security.xml on disk). */
class MavenSettingsTest {

    private static final String MASTER = "master-pass-42";
    private static final String PASSWORD = "registry-pass-8f3a";

    @TempDir
    Path dir;

    private final Redactor redactor = new Redactor();

    /** Maven's decrypter with a settings-security.xml holding {@code master}, or pointing at a missing file. */
    private SettingsDecrypter decrypter(String master) throws Exception {
        Path security = dir.resolve("settings-security.xml");
        if (master != null) {
            String encryptedMaster = new DefaultPlexusCipher().encryptAndDecorate(master, "settings.security");
            Files.writeString(
                    security, "<settingsSecurity><master>" + encryptedMaster + "</master></settingsSecurity>");
        }
        return new DefaultSettingsDecrypter(
                new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security.toString()));
    }

    private static String encrypted(String password) throws Exception {
        return new DefaultPlexusCipher().encryptAndDecorate(password, MASTER);
    }

    private static Settings withServer(String id, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername("ci");
        server.setPassword(password);
        Settings settings = new Settings();
        settings.addServer(server);
        return settings;
    }

    @Test
    void anEncryptedPasswordIsDecryptedAndRedacted() throws Exception {
        MavenSettings settings =
                new MavenSettings(withServer("github", encrypted(PASSWORD)), decrypter(MASTER), redactor);
        assertThat(settings.serverPassword("github")).contains(PASSWORD);
        assertThat(settings.registryLogins().get("github").password()).isEqualTo(PASSWORD);
        assertThat(redactor.redact("token " + PASSWORD)).isEqualTo("token ****");
    }

    @Test
    void aPasswordMavenCannotDecryptFailsInsteadOfBeingSentEncrypted() throws Exception {
        String encrypted = encrypted(PASSWORD);
        MavenSettings settings =
                new MavenSettings(withServer("registry.example.com", encrypted), decrypter(null), redactor);

        GoldenException e = catchThrowableOfType(GoldenException.class, settings::registryLogins);

        assertThat(e.getMessage())
                .startsWith("settings.xml <server> 'registry.example.com': the password cannot be decrypted")
                .doesNotContain(encrypted);
        assertThat(e.hint())
                .hasValueSatisfying(
                        h -> assertThat(h).contains("settings-security.xml").contains("mvn --encrypt-password"));
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void aWrongMasterPasswordFailsToo() throws Exception {
        MavenSettings settings =
                new MavenSettings(withServer("github", encrypted(PASSWORD)), decrypter("another-master"), redactor);
        GoldenException e = catchThrowableOfType(GoldenException.class, () -> settings.serverPassword("github"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("'github'").doesNotContain(PASSWORD);
    }

    @Test
    void withoutADecrypterAnEncryptedPasswordIsRefused() throws Exception {
        MavenSettings settings = new MavenSettings(withServer("github", encrypted(PASSWORD)), null, redactor);
        GoldenException e = catchThrowableOfType(GoldenException.class, () -> settings.serverPassword("github"));
        assertThat(e.getMessage()).contains("still encrypted");
    }

    @Test
    void aPlainPasswordPassesThrough() throws Exception {
        MavenSettings settings = new MavenSettings(withServer("github", PASSWORD), decrypter(null), redactor);
        assertThat(settings.serverPassword("github")).contains(PASSWORD);
        assertThat(settings.serverPassword("other")).isEmpty();
    }

    private static Proxy proxy(String id, String protocol, boolean active, String nonProxyHosts) {
        Proxy p = new Proxy();
        p.setId(id);
        p.setProtocol(protocol);
        p.setActive(active);
        p.setHost(id + ".corp");
        p.setPort(3128);
        p.setNonProxyHosts(nonProxyHosts);
        return p;
    }

    @Test
    void theProxyIsChosenAsMavenChoosesIt() throws Exception {
        Settings s = new Settings();
        s.addProxy(proxy("off", "https", false, null));
        s.addProxy(proxy("web", "http", true, "*.internal.example|localhost"));
        Proxy withLogin = proxy("secure", "https", true, "ghe.internal.example");
        withLogin.setUsername("corp");
        withLogin.setPassword(encrypted("proxy-pass-55"));
        s.addProxy(withLogin);
        MavenSettings settings = new MavenSettings(s, decrypter(MASTER), redactor);

        Optional<HttpProxy> https = settings.proxyFor(URI.create("https://api.github.com"));
        assertThat(https).map(HttpProxy::host).contains("secure.corp");
        assertThat(https).map(HttpProxy::password).contains("proxy-pass-55");
        assertThat(redactor.redact("proxy-pass-55")).isEqualTo("****");
        assertThat(settings.proxyFor(URI.create("http://api.github.com")))
                .map(HttpProxy::host)
                .contains("web.corp");
        assertThat(settings.proxyFor(URI.create("https://ghe.internal.example/api/v3")))
                .isEmpty();
        assertThat(settings.proxyFor(URI.create("http://github.internal.example/api/v3")))
                .isEmpty();
        assertThat(new MavenSettings(new Settings(), null, redactor).proxyFor(URI.create("https://api.github.com")))
                .isEmpty();
    }
}
