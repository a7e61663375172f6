package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP requests made on the droplet itself with {@code curl} (as the reference's health checks
 * are): a service's slots publish on the droplet's loopback only, so only the droplet reaches them.
 */
final class DropletHttp {

    private final RemoteShell shell;

    DropletHttp(RemoteShell shell) {
        this.shell = shell;
    }

    /** The HTTP status {@code url} answers on the droplet (0: no answer, with curl's words). */
    HealthProbe.ProbeResult probe(String url, Duration timeout) {
        ExecResult r = curl(url, timeout, "-w", "%{http_code}");
        String out = r.stdout() == null ? "" : r.stdout().strip();
        int status;
        try {
            status = Integer.parseInt(out);
        } catch (NumberFormatException e) {
            status = 0;
        }
        if (r.exitStatus() == 127) {
            throw new GoldenException(
                    "curl is not installed on " + shell.describe(),
                    "install curl on the droplet (apt-get install curl): health checks run there");
        }
        return new HealthProbe.ProbeResult(status, r.ok() ? "" : ShellScript.why(r));
    }

    /** The {@link ProxyConfig#SLOT_HEADER} the proxy at {@code url} answers with; 0 when none (or no answer). */
    int servedSlot(String url, Duration timeout) {
        ExecResult r = curl(url, timeout, "-D", "-");
        String out = r.stdout() == null ? "" : r.stdout();
        return out.lines()
                .filter(l -> l.regionMatches(
                        true, 0, ProxyConfig.SLOT_HEADER + ":", 0, ProxyConfig.SLOT_HEADER.length() + 1))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .filter(v -> v.equals("1") || v.equals("2"))
                .map(Integer::parseInt)
                .findFirst()
                .orElse(0);
    }

    /** One request from the droplet itself, the body discarded; {@code output} says what curl prints instead. */
    private ExecResult curl(String url, Duration timeout, String... output) {
        double seconds = Math.max(1, timeout.toMillis()) / 1000.0;
        List<String> args = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null"));
        args.addAll(List.of(output));
        args.addAll(List.of("--max-time", String.format(Locale.ROOT, "%.1f", seconds), url));
        return shell.exec(RemoteCommand.of(args));
    }
}
