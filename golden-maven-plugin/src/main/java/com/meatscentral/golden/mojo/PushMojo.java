package com.meatscentral.golden.mojo;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImagePusher;
import com.meatscentral.golden.image.ImagesReport;
import com.meatscentral.golden.image.RegistryCredentials;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Pushes every tag golden:build recorded in target/golden/images.json and records the digests. */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractGoldenMojo {

    /** Only push the images of this environment (default: all recorded). */
    @Parameter(property = "env")
    private String env;

    /** Which recorded images to push, comma-separated. */
    @Parameter(property = "golden.images")
    private String selection;

    /** Extra host-to-secret mappings: host=TOKEN_SECRET or host=USER_SECRET:PASSWORD_SECRET. */
    @Parameter(property = "golden.registrySecrets")
    private List<String> registrySecrets;

    /** The manifest: with -Denv, it names the secret DOCR's login is read from. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    private File manifest;

    /** First wait before a retry (doubles each time). */
    @Parameter(property = "golden.push.backoff", defaultValue = "PT2S")
    private String backoff;

    /** Skips this goal. */
    @Parameter(property = "golden.push.skip", defaultValue = "false")
    public void setPushSkip(boolean pushSkip) {
        skipGoal(pushSkip);
    }

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Override
    protected java.util.Optional<String> needsNetwork() {
        return java.util.Optional.of("push");
    }

    @Override
    protected void run() {
        Path report = ImagesReport.location(buildDirectory.toPath());
        List<ImagesReport.Entry> all = ImagesReport.read(report);
        List<ImagesReport.Entry> forEnv = env == null || env.isBlank()
                ? all
                : all.stream().filter(e -> e.env().equals(env)).toList();
        List<ImagesReport.Entry> chosen = ImageSelection.select(forEnv, selection, ImagesReport.Entry::image);
        boolean offline = session != null && session.isOffline();
        RegistryCredentials credentials = registryCredentials(
                c -> env != null && !env.isBlank() && manifest != null && manifest.isFile()
                        ? c.withManifest(com.meatscentral.golden.manifest.ManifestLoader.load(manifest.toPath()), env)
                        : c,
                registrySecrets);
        if (offline) {
            new ImagePusher(null, credentials, console(), Duration.ZERO).pushAll(new ImagePusher.Request(chosen, true));
        }
        DockerClient docker = DockerClients.connect(environment());
        try {
            List<ImagesReport.Entry> pushed = new ImagePusher(docker, credentials, console(), Duration.parse(backoff))
                    .pushAll(new ImagePusher.Request(chosen, false));
            List<ImagesReport.Entry> updated = new ArrayList<>();
            for (ImagesReport.Entry entry : all) {
                updated.add(pushed.stream()
                        .filter(p -> p.env().equals(entry.env()) && p.image().equals(entry.image()))
                        .findFirst()
                        .orElse(entry));
            }
            ImagesReport.write(report, updated);
            for (ImagesReport.Entry entry : pushed) {
                actions.setOutput(
                        entry.image() + "-digest",
                        entry.digests().values().iterator().next());
                actions.setOutput(
                        entry.image() + "-digests",
                        String.join(
                                "\n",
                                entry.digests().entrySet().stream()
                                        .map(d -> d.getKey() + "@" + d.getValue())
                                        .toList()));
            }
            console().info("Recorded digests in " + report);
        } finally {
            DockerClients.closeQuietly(docker);
        }
    }
}
