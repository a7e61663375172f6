package com.meatscentral.golden.deploy;

/** The two services the reference deploys, with their fixed names, ports and health URLs. */
public enum ServiceKind {
    BACKEND("pm-backend", "http://localhost:8000/api/v1/health/", null),
    FRONTEND("pm-frontend", "http://127.0.0.1:8080/", "http://localhost:80/");

    private final String container;
    private final String healthUrl;
    private final String proxyUrl;

    ServiceKind(String container, String healthUrl, String proxyUrl) {
        this.container = container;
        this.healthUrl = healthUrl;
        this.proxyUrl = proxyUrl;
    }

    public String container() {
        return container;
    }

    public String previousContainer() {
        return container + "-previous";
    }

    /** Decides healthy or not. */
    public String healthUrl() {
        return healthUrl;
    }

    /** Checked after a healthy deploy; only warns (the reference's "secondary, informational"). */
    public String proxyUrl() {
        return proxyUrl;
    }

    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
