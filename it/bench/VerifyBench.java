import com.meatscentral.golden.Console;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.rules.Verifier;
import com.meatscentral.golden.rules.VerifyConfig;
import com.meatscentral.golden.workflows.WorkflowWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark (not a test) for golden:verify: a synthetic 5,000-file service (50 Django apps,
 * a React tree, docs, workflows; plus node_modules that must not be read), checked with every
 * rule. The baseline, measured in the same run, is a plain walk that reads every file once:
 * the I/O floor any checker pays. Prints the ratio, and verify_seconds (first run, cold JVM,
 * as `mvn validate` sees it) last. Target: verify_seconds < 2.
 *
 * Run: it/bench/bench-verify.sh
 */
public class VerifyBench {

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("golden-verify-bench");
        try {
            int files = synthesize(root, Path.of(args.length > 0 ? args[0] : "config/env.manifest.json"));
            long t0 = System.nanoTime();
            var result = verifier().check(root, VerifyConfig.defaults(), List.of(), List.of());
            double cold = seconds(t0);
            List<Double> warm = new ArrayList<>();
            List<Double> base = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long b = System.nanoTime();
                baseline(root);
                base.add(seconds(b));
                long t = System.nanoTime();
                verifier().check(root, VerifyConfig.defaults(), List.of(), List.of());
                warm.add(seconds(t));
            }
            double warmMedian = median(warm);
            double baseMedian = median(base);
            System.out.printf("files_written=%d files_checked=%d violations=%d rules=%d%n", files, result.files(),
                    result.violations().size(), result.rules().size());
            result.violations().stream().limit(10).forEach(v -> System.out.println("  " + v.format()));
            System.out.printf("baseline_read_all_seconds=%.3f (median of 5)%n", baseMedian);
            System.out.printf("verify_warm_seconds=%.3f (median of 5) ratio_to_baseline=%.2f%n", warmMedian,
                    warmMedian / baseMedian);
            System.out.printf("verify_seconds=%.3f%n", cold);
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Verifier verifier() {
        return new Verifier(Console.SILENT, new GitHubActions(Map.of(), s -> { }));
    }

    /** Walk (same excludes) and read every file: the floor. */
    private static void baseline(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.toString().contains("/node_modules/") && Files.isRegularFile(p)).forEach(p -> {
                try {
                    Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private static int synthesize(Path root, Path manifest) throws IOException {
        int n = 0;
        Files.createDirectories(root.resolve("config"));
        Files.copy(manifest, root.resolve("config/env.manifest.json"));
        n += write(root, "docs/GOLDEN_PIPELINE.md", "# Golden\n");
        n += write(root, "docs/CONFIGURATION_AND_SECRETS.md", "# Secrets\n");
        n += write(root, "backend/requirements.txt", "Django==5.1\ndjangorestframework==3.15\n-r requirements-dev.txt\n");
        n += write(root, "backend/requirements-dev.txt", "pytest==8\n");
        n += write(root, "backend/Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"projectmeats.wsgi\"]\n");
        n += write(root, ".env.example", "DB_HOST=\nDB_PASSWORD=\n");
        new WorkflowWriter(Console.SILENT).run(root, root.resolve("config/env.manifest.json"), false);
        n += 2;
        for (int app = 0; app < 50 && n < 5000; app++) {
            String dir = "backend/apps/app" + app + "/";
            StringBuilder models = new StringBuilder("from django.db import models\n\n");
            StringBuilder views = new StringBuilder("from rest_framework import viewsets\n\n");
            for (int m = 0; m < 20; m++) {
                models.append("class Thing").append(m).append("(models.Model):\n")
                        .append("    \"\"\"Shared schema: never schema_context() here.\"\"\"\n")
                        .append("    tenant = models.ForeignKey('tenants.Tenant', on_delete=models.CASCADE)\n")
                        .append("    code = models.CharField(max_length=32)\n")
                        .append("    class Meta:\n")
                        .append("        constraints = [models.UniqueConstraint(fields=['tenant', 'code'], name='u")
                        .append(m).append("')]\n\n");
                views.append("class Thing").append(m).append("ViewSet(viewsets.ModelViewSet):\n")
                        .append("    def get_queryset(self):\n")
                        .append("        return Thing").append(m).append(".objects.filter(tenant=self.request.tenant)\n\n");
            }
            n += write(root, dir + "models.py", models.toString());
            n += write(root, dir + "views.py", views.toString());
            n += write(root, dir + "serializers.py", "from rest_framework import serializers\n");
            n += write(root, dir + "__init__.py", "");
            for (int t = 0; t < 30; t++) {
                n += write(root, dir + "tests/test_" + t + ".py",
                        "import os\n# SECRET_KEY comes from the environment\nSECRET_KEY = os.environ['SECRET_KEY']\n"
                                + "def test_" + t + "():\n    assert " + t + " == " + t + "\n");
            }
            for (int mig = 0; mig < 20; mig++) {
                n += write(root, dir + "migrations/" + String.format("%04d", mig) + "_auto.py",
                        "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = []\n");
            }
        }
        for (int i = 0; n < 5000; i++) {
            n += write(root, "frontend/src/components/C" + i + ".jsx",
                    "export default function C" + i + "() { return <div>{window.ENV.API_BASE_URL}</div>; }\n");
        }
        for (int i = 0; i < 2000; i++) {
            write(root, "frontend/node_modules/pkg" + (i % 40) + "/f" + i + ".js", "module.exports = " + i + ";\n");
        }
        return n;
    }

    private static int write(Path root, String rel, String content) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return 1;
    }
}
