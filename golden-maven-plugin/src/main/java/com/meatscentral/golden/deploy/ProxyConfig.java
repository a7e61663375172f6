package com.meatscentral.golden.deploy;

import java.time.Duration;

/**
 * The droplet proxy's nginx configuration. {@code nginx.conf} is fixed per service; the one
 * line that changes at a cutover lives in {@code live.conf} (the slot traffic goes to), written
 * beside it by rename and activated by a graceful reload ({@code SIGHUP}): nginx starts new
 * workers with the new upstream, the old workers stop accepting, finish their in-flight
 * requests and exit (at the latest after {@code worker_shutdown_timeout}, the drain timeout).
 * Every answer carries {@code X-Golden-Slot}, so a deploy can see that the switch is live.
 */
public final class ProxyConfig {

    /** Where the proxy container sees {@link ServiceKind#proxyDir()}. */
    public static final String MOUNT = "/etc/golden-proxy";

    public static final String SLOT_HEADER = "X-Golden-Slot";

    private ProxyConfig() {}

    public static String nginxConf(ServiceKind kind, Duration drain) {
        long drainSeconds = Math.max(1, drain.toSeconds());
        return "# written by golden:deploy: the proxy holding " + kind.publicAddress()
                + " for " + kind.container() + "\n"
                + "worker_processes 1;\n"
                + "pid /tmp/golden-proxy.pid;\n"
                + "error_log stderr warn;\n"
                + "worker_shutdown_timeout " + drainSeconds + "s;\n"
                + "events { worker_connections 4096; }\n"
                + "http {\n"
                + "    access_log off;\n"
                + "    client_body_temp_path /tmp/client_body;\n"
                + "    proxy_temp_path /tmp/proxy;\n"
                + "    fastcgi_temp_path /tmp/fastcgi;\n"
                + "    uwsgi_temp_path /tmp/uwsgi;\n"
                + "    scgi_temp_path /tmp/scgi;\n"
                + "    client_max_body_size 100m;\n"
                + "    server {\n"
                + "        listen " + kind.publicAddress() + ";\n"
                + "        location / {\n"
                + "            include " + MOUNT + "/live.conf;\n"
                + "            proxy_http_version 1.1;\n"
                + "            proxy_set_header Connection \"\";\n"
                + "            proxy_set_header Host $http_host;\n"
                + "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                + "            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;\n"
                + "            proxy_set_header X-Real-IP $http_x_real_ip;\n"
                + "            proxy_read_timeout 300s;\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    /** The switch: traffic to {@code slot}. */
    public static String liveConf(ServiceKind kind, int slot) {
        return "# written by golden:deploy: traffic goes to " + kind.slotContainer(slot) + "\n"
                + "proxy_pass http://127.0.0.1:" + kind.slotPort(slot) + ";\n"
                + "add_header " + SLOT_HEADER + " " + slot + " always;\n";
    }

    /** The slot a {@link #liveConf} sends traffic to, or 0 when it is not one of ours. */
    public static int slotOf(String liveConf) {
        if (liveConf == null) {
            return 0;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(SLOT_HEADER + " ([12]) always").matcher(liveConf);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
