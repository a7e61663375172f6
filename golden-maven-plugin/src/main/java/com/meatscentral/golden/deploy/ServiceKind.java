package com.meatscentral.golden.deploy;

/**
 * The two services the reference deploys, with their fixed names, ports and health URLs.
 *
 * <p>The public port (backend {@code :8000}, frontend {@code 127.0.0.1:8080} behind the host
 * nginx on :80) is held by a proxy container ({@code pm-backend-proxy}, {@code pm-frontend-proxy},
 * nginx on the droplet's host network). The service itself runs in one of two slots, each a
 * container publishing only on the droplet's loopback ({@code pm-backend-1} on 127.0.0.1:8001,
 * {@code pm-backend-2} on 127.0.0.1:8002; frontend 8081/8082), so a new version starts beside
 * the old one and the proxy switches between them.
 */
public enum ServiceKind {
    BACKEND(new Spec("pm-backend", 8000, "0.0.0.0", 8000, "/api/v1/health/", null)),
    FRONTEND(new Spec("pm-frontend", 8080, "127.0.0.1", 80, "/", "http://localhost:80/"));

    /** What tells the two services apart: names, ports and health paths. */
    private record Spec(
            String container,
            int publicPort,
            String listenAddress,
            int containerPort,
            String healthPath,
            String proxyUrl) {}

    private final Spec spec;

    ServiceKind(Spec spec) {
        this.spec = spec;
    }

    /** The container name of the reference's one-container deploy (a droplet golden has not switched to slots yet). */
    public String container() {
        return spec.container();
    }

    /** The container of slot 1 or 2. */
    public String slotContainer(int slot) {
        return spec.container() + "-" + slot;
    }

    /** The loopback port slot 1 or 2 publishes on (8001/8002, 8081/8082). */
    public int slotPort(int slot) {
        return spec.publicPort() + slot;
    }

    /** Where the droplet's proxy listens ({@code 0.0.0.0:8000}, {@code 127.0.0.1:8080}): what users, the host nginx and golden:verify know. */
    public String publicAddress() {
        return spec.listenAddress() + ":" + spec.publicPort();
    }

    /** The address the droplet's proxy listens on: {@code 0.0.0.0} (backend) or {@code 127.0.0.1} (frontend, behind the host nginx). */
    public String listenAddress() {
        return spec.listenAddress();
    }

    /** Slot 1 or 2's {@code -p} publication: its loopback port to the service's port in the container. */
    public String slotPublication(int slot) {
        return "127.0.0.1:" + slotPort(slot) + ":" + spec.containerPort();
    }

    public String proxyContainer() {
        return spec.container() + "-proxy";
    }

    /** Where the proxy reads its configuration on the droplet (mounted read-only into the proxy). */
    public String proxyDir() {
        return "/opt/pm/.golden/" + spec.container() + "-proxy";
    }

    /** The public health URL, through the proxy (the reference's). */
    public String healthUrl() {
        return "http://" + (this == BACKEND ? "localhost" : "127.0.0.1") + ":" + spec.publicPort() + spec.healthPath();
    }

    /** A slot container's own health URL: checked before it gets any traffic. */
    public String slotHealthUrl(int slot) {
        return "http://127.0.0.1:" + slotPort(slot) + spec.healthPath();
    }

    /** Checked after a healthy deploy; only warns (the reference's "secondary, informational"). */
    public String proxyUrl() {
        return spec.proxyUrl();
    }

    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
