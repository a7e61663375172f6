package com.meatscentral.golden.deploy;

/** What {@code docker container inspect} says about a container. */
public record ContainerInfo(String name, String image, String imageId, String status, String startedAt) {

    public boolean running() {
        return "running".equals(status);
    }

    /** Runs {@code wanted} now (the image it was started from, as named): a proxy that needs no replacing. */
    public boolean runs(String wanted) {
        return running() && image.equals(wanted);
    }

    static ContainerInfo parse(String line) {
        String[] f = line.strip().split("\\|", -1);
        if (f.length < 5) {
            throw new IllegalStateException("unexpected docker inspect output: " + line);
        }
        String name = f[0].startsWith("/") ? f[0].substring(1) : f[0];
        return new ContainerInfo(name, f[1], f[2], f[3], f[4]);
    }
}
