import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.ResolvedVariable;
import com.meatscentral.golden.secrets.GitHubStandIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The GitHub stand-in of the plugin (loopback only), holding every secret the manifest maps
 * plus filler secrets, so that each GitHub environment holds exactly N secrets: the load of
 * benchmark 5 (golden:audit of six environments with 1,000 secrets each, 10 pages of 100
 * per environment). Uses the stand-in's public API only, so the plugin code is unchanged.
 *
 * <p>{@code java -cp PLUGIN_CLASSPATH ManySecretsStandIn.java MANIFEST N}: prints the
 * GITHUB_API_URL / GITHUB_REPOSITORY / GITHUB_TOKEN lines and serves until stopped.
 */
public class ManySecretsStandIn {
    public static void main(String[] args) throws InterruptedException {
        Manifest manifest = ManifestLoader.load(Path.of(args[0]));
        int perEnvironment = Integer.parseInt(args[1]);
        GitHubStandIn standIn = GitHubStandIn.start().allSecretsOf(manifest);
        int total = 0;
        for (String env : manifest.environmentNames()) {
            // The names allSecretsOf put in this environment (the same rule: non-global mapped secrets).
            Set<String> mapped = new LinkedHashSet<>();
            for (ResolvedVariable v : manifest.variablesFor(env)) {
                v.secretName().filter(n -> !manifest.isGlobalSecret(n)).ifPresent(mapped::add);
            }
            List<String> filler = new ArrayList<>();
            for (int i = 1; filler.size() + mapped.size() < perEnvironment; i++) {
                filler.add(String.format("BENCH_FILLER_%04d", i));
            }
            standIn.environmentSecrets(manifest.environment(env).githubEnvironment(), filler);
            total += mapped.size() + filler.size();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("# " + manifest.environmentNames().size() + " environments, " + total + " environment secrets");
        System.out.println("GITHUB_API_URL=" + standIn.apiUrl());
        System.out.println("GITHUB_REPOSITORY=" + standIn.repository());
        System.out.println("GITHUB_TOKEN=" + standIn.token());
        System.out.flush();
        Thread.currentThread().join();
    }
}
