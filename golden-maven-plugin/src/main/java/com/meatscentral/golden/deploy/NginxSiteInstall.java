package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.ExecResult;
import java.nio.charset.StandardCharsets;

/**
 * A frontend's host nginx site, installed on the droplet over a {@link RemoteShell}: uploaded
 * beside the site under a hidden name, moved into place, {@code nginx -t}, reloaded; the previous
 * file is put back when nginx rejects the new one or does not reload.
 */
final class NginxSiteInstall {

    private final RemoteShell shell;

    NginxSiteInstall(RemoteShell shell) {
        this.shell = shell;
    }

    /**
     * The install script; "$1" is the uploaded temp file, "$2" the site file. A non-root SSH
     * user runs nginx and systemctl through {@code sudo -n} (a sudoers rule for exactly those
     * is the droplet prerequisite); root runs them directly.
     */
    static final String NGINX_INSTALL = String.join(
            "\n",
            "tmp=$1; site=$2; backup=$3",
            "if [ \"$(id -u)\" = 0 ]; then as=; else as='sudo -n'; fi",
            "had=0; if [ -e \"$site\" ]; then cp -pL \"$site\" \"$backup\" && had=1 || exit 4; fi",
            "mv -f \"$tmp\" \"$site\" || exit 4",
            "if ! out=$($as nginx -t 2>&1); then",
            "  if [ $had = 1 ]; then mv -f \"$backup\" \"$site\"; else rm -f \"$site\"; fi",
            "  printf '%s\\n' \"$out\" >&2; exit 3",
            "fi",
            "reload() {",
            "  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then",
            "    $as systemctl reload nginx",
            "  else",
            "    $as nginx -s reload 2>/dev/null || $as nginx",
            "  fi",
            "}",
            // A reload that fails after a passing test must not leave the new site for the next reload by anyone.
            "if ! out=$(reload 2>&1); then",
            "  if [ $had = 1 ]; then mv -f \"$backup\" \"$site\"; else rm -f \"$site\"; fi",
            "  reload >/dev/null 2>&1",
            "  printf '%s\\n' \"$out\" >&2; exit 5",
            "fi");

    /** {@code /etc/nginx/sites-enabled/default} -> {@code /etc/nginx/sites-enabled/.default<suffix>} */
    static String hiddenSibling(String path, String suffix) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + suffix;
    }

    /** Installs {@code content} as the site file {@code sitePath}, or fails with the previous file in place. */
    void install(String sitePath, String content) {
        // Hidden names beside the site: same file system (atomic rename), and nginx's
        // `include sites-enabled/*` does not match dot files, so neither is ever loaded.
        String tmp = hiddenSibling(sitePath, ".golden-new");
        shell.upload(tmp, content.getBytes(StandardCharsets.UTF_8), 0644);
        ExecResult r =
                shell.exec(ShellScript.of(NGINX_INSTALL, tmp, sitePath, hiddenSibling(sitePath, ".golden-previous")));
        if (r.exitStatus() == 3) {
            throw new GoldenException(
                    "nginx rejected the new site " + sitePath + " on " + shell.describe()
                            + " (the previous file is restored): " + ShellScript.why(r),
                    "check BACKEND_IP and the other files under /etc/nginx on the droplet (`nginx -t`)");
        }
        if (r.exitStatus() == 5) {
            throw new GoldenException(
                    "nginx accepted the new site " + sitePath + " on " + shell.describe()
                            + " but did not reload (the previous file is restored): " + ShellScript.why(r),
                    "check the nginx master process on the droplet (`nginx -s reload` by hand)");
        }
        if (!r.ok()) {
            throw new GoldenException(
                    "installing the nginx site " + sitePath + " failed on " + shell.describe() + ": "
                            + ShellScript.why(r),
                    "check that nginx is installed on the droplet and /etc/nginx is writable");
        }
    }
}
