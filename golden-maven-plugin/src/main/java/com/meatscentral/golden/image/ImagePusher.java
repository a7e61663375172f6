package com.meatscentral.golden.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Pushes every tag of built images with docker-java. The push stream is checked for
 * {@code errorDetail} (docker-java does not throw on it); connection failures and 5xx
 * answers are retried with backoff; 401/403 are not and name the credential source.
 * The digest comes from the stream's {@code aux}.
 */
public final class ImagePusher {

    /** What to push: the entries of images.json; {@code offline} refuses (mvn -o). */
    public record Request(List<ImagesReport.Entry> images, boolean offline) {}

    static final int RETRIES = 3;

    private static final Pattern AUTH = Pattern.compile(
            "unauthorized|authentication required|denied|forbidden|\\b401\\b|\\b403\\b|no basic auth credentials",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRANSIENT = Pattern.compile(
            "connection reset|connection refused|broken pipe|\\bEOF\\b|i/o timeout|timeout|TLS handshake|no such host"
                    + "|\\b50[0-9]\\b|internal server error|bad gateway|service unavailable|gateway timeout|dial tcp",
            Pattern.CASE_INSENSITIVE);

    private final DockerClient docker;
    private final RegistryCredentials credentials;
    private final Console console;
    private final Duration backoff;

    public ImagePusher(DockerClient docker, RegistryCredentials credentials, Console console, Duration firstBackoff) {
        this.docker = docker;
        this.credentials = credentials;
        this.console = console;
        this.backoff = firstBackoff;
    }

    /** Pushes all tags, returns the entries with their digests (per repository). */
    public List<ImagesReport.Entry> pushAll(Request request) {
        if (request.offline()) {
            throw new GoldenException(
                    "golden:push cannot push in offline mode (mvn -o)",
                    "run without -o to push, or skip pushing with -Dgolden.push.skip=true");
        }
        if (request.images().isEmpty()) {
            throw new GoldenException(
                    "Nothing to push: target/golden/images.json lists no image", "run golden:build first");
        }
        // Resolve every login first: a missing one fails before anything is pushed.
        for (ImagesReport.Entry entry : request.images()) {
            for (String tag : entry.tags()) {
                credentials.require(ImageReference.parse(tag, "images.json of " + entry.image())
                        .registryHost());
            }
        }
        List<ImagesReport.Entry> pushed = new ArrayList<>();
        for (ImagesReport.Entry entry : request.images()) {
            checkLocal(entry);
            ImagesReport.Entry result = entry;
            for (String tag : entry.tags()) {
                ImageReference ref = ImageReference.parse(tag, "images.json of " + entry.image());
                String digest = push(ref);
                String known = result.digests().get(ref.name());
                if (known != null && !known.equals(digest)) {
                    throw new GoldenException(
                            "Registry " + ref.registryHost() + " answered digest " + digest + " for " + tag + " but "
                                    + known + " for another tag of the same image",
                            "push again; if it repeats, check the registry");
                }
                result = result.withDigest(ref.name(), digest);
            }
            pushed.add(result);
        }
        return pushed;
    }

    private void checkLocal(ImagesReport.Entry entry) {
        try {
            String id = docker.inspectImageCmd(entry.tags().get(0)).exec().getId();
            if (entry.id() != null && !entry.id().equals(id)) {
                throw new GoldenException(
                        entry.tags().get(0) + " is now image " + id + ", not " + entry.id()
                                + " that golden:build recorded",
                        "run golden:build again before pushing");
            }
        } catch (NotFoundException e) {
            throw new GoldenException(
                    "Image " + entry.tags().get(0) + " recorded in images.json is not in the Docker engine",
                    "run golden:build again before pushing");
        }
    }

    /** Pushes one tag; returns its digest. */
    String push(ImageReference ref) {
        RegistryCredentials.Login login = credentials.require(ref.registryHost());
        AuthConfig auth = new AuthConfig()
                .withRegistryAddress(ref.registryHost())
                .withUsername(login.username())
                .withPassword(login.password());
        String lastError = null;
        for (int attempt = 1; attempt <= RETRIES + 1; attempt++) {
            PushCallback callback = new PushCallback(new PushProgress(console, System::nanoTime));
            String error;
            try {
                docker.pushImageCmd(ref.name())
                        .withTag(ref.tag())
                        .withAuthConfig(auth)
                        .exec(callback)
                        .awaitCompletion();
                error = callback.error;
                if (error == null && callback.digest != null) {
                    console.info("Pushed " + ref + " " + callback.digest);
                    return callback.digest;
                }
                if (error == null) {
                    error = "the push ended without a digest";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GoldenException("Push of " + ref + " interrupted", null);
            } catch (RuntimeException e) {
                error = callback.error != null ? callback.error : ImageBuilder.rootMessage(e);
            }
            lastError = error;
            if (isAuthFailure(error)) {
                throw new GoldenException(
                        "Registry " + ref.registryHost() + " refused the push of " + ref + ": " + error.strip()
                                + " (credentials: " + login.describe() + ")",
                        "check that " + login.describe() + " holds a valid login with push rights for " + ref.name());
            }
            if (!isTransient(error) || attempt > RETRIES) {
                break;
            }
            Duration wait = backoff.multipliedBy(1L << (attempt - 1));
            console.warn("Push of " + ref + " failed (" + error.strip() + "); retry " + attempt + "/" + RETRIES + " in "
                    + wait.toMillis() + " ms");
            sleep(wait);
        }
        throw new GoldenException(
                "Push of " + ref + " to " + ref.registryHost() + " failed"
                        + (isTransient(lastError) ? " after " + RETRIES + " retries" : "") + ": " + lastError.strip(),
                "check that the registry " + ref.registryHost()
                        + " is up and reachable from the Docker engine, then push again");
    }

    /** 401/403 as the engine reports them: never retried, the credential source is named. */
    static boolean isAuthFailure(String error) {
        return AUTH.matcher(error).find();
    }

    /** Connection failures and 5xx: retried with backoff. */
    static boolean isTransient(String error) {
        return !isAuthFailure(error) && TRANSIENT.matcher(error).find();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while waiting to retry a push", null);
        }
    }

    /** Collects the digest from aux (and the first error, as every engine callback); passes layer progress on. */
    static final class PushCallback extends EngineCallback<PushResponseItem> {
        private final PushProgress progress;
        volatile String digest;

        PushCallback(PushProgress progress) {
            this.progress = progress;
        }

        @Override
        void item(PushResponseItem item) {
            progress.onItem(item);
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest().toLowerCase(Locale.ROOT);
            }
        }
    }
}
