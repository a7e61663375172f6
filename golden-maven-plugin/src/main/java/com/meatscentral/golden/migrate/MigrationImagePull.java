package com.meatscentral.golden.migrate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.secrets.Redactor;
import java.util.concurrent.TimeUnit;

/**
 * The migration image on this machine's engine before its containers start: looked up, pulled
 * with the registry's credential (passed through the API, never a command line) when absent.
 */
final class MigrationImagePull {

    private MigrationImagePull() {}

    /** Pulls {@code image} unless the engine has it. */
    static void ensure(DockerClient docker, String image, RegistryAuth auth, Redactor redactor, Console console) {
        try {
            docker.inspectImageCmd(image).exec();
            console.info("Image " + image + " is present");
            return;
        } catch (NotFoundException absent) {
            console.info("Pulling " + image + " (" + auth + ")");
        }
        try {
            var pull = docker.pullImageCmd(image);
            auth.present()
                    .ifPresent(a -> pull.withAuthConfig(new AuthConfig()
                            .withRegistryAddress(a.registry())
                            .withUsername(a.username())
                            .withPassword(a.password())));
            pull.exec(new PullImageResultCallback()).awaitCompletion(30, TimeUnit.MINUTES);
            docker.inspectImageCmd(image).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while pulling " + image);
        } catch (RuntimeException e) {
            throw new GoldenException(
                    "Cannot pull the migration image " + image + ": " + redactor.redact(String.valueOf(e.getMessage())),
                    "check the image name and tag ({env}-{sha}: was it built and pushed for this commit?) and the registry credentials");
        }
    }
}
