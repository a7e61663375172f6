package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxSiteTest {

    @TempDir
    Path tmp;

    @Test
    void routesApiAdminStaticToTheBackendAndTheRestToTheContainer() {
        String site = NginxSite.render(new BackendAddress("10.77.0.2"), 8000, 8080);

        assertThat(site)
                .contains("location ~ ^/(api|admin|static)/ {\n        proxy_pass http://10.77.0.2:8000;")
                .contains("location / {\n        proxy_pass http://127.0.0.1:8080;")
                .contains("listen 80;");
        for (String header : new String[] {
            "proxy_set_header Host $host;",
            "proxy_set_header X-Real-IP $remote_addr;",
            "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
            "proxy_set_header X-Forwarded-Proto $scheme;"
        }) {
            assertThat(site.split(java.util.regex.Pattern.quote(header), -1)).hasSize(3);
        }
    }

    @Test
    void backendAddressAcceptsAddressesAndHostNamesOnly() {
        assertThat(new BackendAddress("10.0.0.5").value()).isEqualTo("10.0.0.5");
        assertThat(new BackendAddress("backend.internal").value()).isEqualTo("backend.internal");
        for (String bad : new String[] {
            "1.2.3.4; return 200", "10.0.0.256", "", "a b", "host/path", "x}\nserver {", "-leading.dash", "1.2.3.4:8000"
        }) {
            assertThatThrownBy(() -> new BackendAddress(bad))
                    .as(bad)
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("BACKEND_IP");
        }
        assertThatThrownBy(() -> new BackendAddress(null)).isInstanceOf(GoldenException.class);
    }

    /** The install script against a real sh, with nginx stand-ins that accept or reject. */
    @Test
    void aSiteNginxRejectsIsReplacedByThePreviousFile() throws Exception {
        LocalShell shell = new LocalShell(tmp);
        Path site = tmp.resolve("default");
        Files.writeString(site, "old site\n");
        shell.stub(
                "nginx",
                "if [ \"$1\" = -t ]; then echo 'nginx: [emerg] unexpected \"}\" in default:3' >&2; exit 1; fi");

        assertThatThrownBy(() -> new ShellDroplet(shell).installNginxSite(site.toString(), "new site\n"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("previous file is restored")
                .hasMessageContaining("[emerg] unexpected");

        assertThat(Files.readString(site)).isEqualTo("old site\n");
        assertThat(tmp.resolve(".default.golden-new")).doesNotExist();
    }

    @Test
    void anAcceptedSiteIsMovedIntoPlaceAndNginxReloaded() throws Exception {
        LocalShell shell = new LocalShell(tmp);
        Path site = tmp.resolve("default");
        Files.writeString(site, "old site\n");
        Path calls = tmp.resolve("nginx-calls");
        shell.stub("nginx", "echo \"$*\" >> " + calls);

        new ShellDroplet(shell).installNginxSite(site.toString(), "new site\n");

        assertThat(Files.readString(site)).isEqualTo("new site\n");
        assertThat(Files.readString(tmp.resolve(".default.golden-previous"))).isEqualTo("old site\n");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("default")))
                    .as("nothing nginx's include sites-enabled/* would load besides the site")
                    .containsExactly("default");
        }
        // No systemctl here (as on the testbed): nginx -s reload.
        assertThat(Files.readAllLines(calls)).containsExactly("-t", "-s reload");
    }
}
