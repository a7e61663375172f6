package com.meatscentral.golden.deploy;

/**
 * The host nginx site in front of the frontend container, as in the reference's
 * "Host Nginx Configuration": API, admin and static paths to the backend on :8000,
 * everything else to the frontend container on 127.0.0.1:8080.
 */
public final class NginxSite {

    private NginxSite() {}

    public static String render(BackendAddress backend, int backendPort, int frontendHostPort) {
        String headers = """
                        proxy_set_header Host $host;
                        proxy_set_header X-Real-IP $remote_addr;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                """;
        return "# written by golden:deploy; the previous version is kept as <file>.golden-previous\n"
                + "server {\n"
                + "    listen 80;\n"
                + "    server_name _ localhost;\n"
                + "\n"
                + "    # API/Admin routes -> Backend\n"
                + "    location ~ ^/(api|admin|static)/ {\n"
                + "        proxy_pass http://" + backend.value() + ":" + backendPort + ";\n"
                + headers
                + "    }\n"
                + "\n"
                + "    # All other routes -> Frontend container\n"
                + "    location / {\n"
                + "        proxy_pass http://127.0.0.1:" + frontendHostPort + ";\n"
                + headers
                + "    }\n"
                + "}\n";
    }
}
