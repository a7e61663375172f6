package com.meatscentral.golden.workflows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the generated workflows are made of: jobs (read-only, on the pinned runner, in the
 * caller's GitHub environment), steps (checkout without a stored token, pinned actions, the image
 * digests), the secrets a step gets, and GitHub expression literals.
 */
final class WorkflowParts {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private WorkflowParts() {}

    /** The test job's check that models and migrations agree (Django exits 1 when a migration is missing). */
    static final String MAKEMIGRATIONS_CHECK = "python manage.py makemigrations --check --dry-run";

    /** The registry login golden:push reads, when the manifest declares it. */
    static Set<String> registrySecrets(Manifest manifest) {
        return Set.of("DO_ACCESS_TOKEN").stream()
                .filter(n -> secretNames(manifest, null).contains(n))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    static String onBranch(String branch) {
        return "github.ref == " + expressionString("refs/heads/" + branch);
    }

    /** Checkout is all a job reads; no job writes to the repository, issues or packages. */
    static void readOnly(ObjectNode job) {
        job.putObject("permissions").put("contents", "read");
    }

    /** A job id / artifact name part: letters, digits, '-' and '_' only (a branch may hold '/'). */
    static String slug(String branch) {
        String s = branch.replaceAll("[^A-Za-z0-9_-]+", "-");
        return s.isEmpty() ? "branch" : s;
    }

    static String uniqueId(ObjectNode jobs, String id) {
        String candidate = id;
        for (int i = 2; jobs.has(candidate); i++) {
            candidate = id + "-" + i;
        }
        return candidate;
    }

    static String imagesArtifact(String branch) {
        return "golden-images-" + slug(branch); // artifacts are scoped to the workflow run
    }

    static ObjectNode job(ObjectNode jobs, String id, String name, Optional<String> onlyType, List<String> needs) {
        ObjectNode job = jobs.putObject(id);
        job.put("name", name);
        if (!needs.isEmpty()) {
            ArrayNode n = job.putArray("needs");
            needs.forEach(n::add);
        }
        onlyType.ifPresent(t -> job.put("if", "inputs.type == " + expressionString(t)));
        job.put("runs-on", WorkflowGenerator.RUNNER);
        readOnly(job);
        return job;
    }

    /**
     * JVM options of the jobs that run one short goal (migrate, deploy): C1 only and the serial
     * collector start Maven and the plugin about 0.5 s faster per run (measured by
     * it/bench/bench-pipeline.sh); the build job streams image contexts and keeps the defaults.
     */
    public static final String SHORT_GOAL_MAVEN_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /** The caller's GitHub environment (where its secrets live) and the non-secret job environment. */
    static void environment(ObjectNode job, boolean shortGoal) {
        job.put("environment", "${{ inputs.environment }}");
        ObjectNode env = job.putObject("env");
        env.put("GOLDEN_ENV", "${{ inputs.environment }}");
        if (shortGoal) {
            env.put("MAVEN_OPTS", SHORT_GOAL_MAVEN_OPTS);
        }
    }

    /**
     * The secrets golden reads, under their manifest names, on the one step that runs the goal:
     * job-level env would hand them to every step, third-party actions included.
     */
    static ObjectNode withSecrets(ObjectNode step, Set<String> secrets) {
        secrets(step.putObject("env"), secrets);
        return step;
    }

    static void secrets(ObjectNode env, Set<String> secrets) {
        for (String name : secrets) {
            env.put(name, "${{ secrets." + name + " }}");
        }
    }

    static final String IMAGES_JSON = "target/golden/images.json";

    /** Downloads the build job's images.json where golden:deploy reads it (golden.deploy.imagesJson). */
    static ArrayNode digests(ArrayNode steps) {
        ObjectNode get = steps.addObject();
        get.put("name", "The digests golden:push recorded (the deploy verifies the pulled image)");
        get.put("uses", PinnedActions.uses(PinnedActions.DOWNLOAD_ARTIFACT));
        ObjectNode with = get.putObject("with");
        with.put("name", "${{ inputs.images-artifact }}");
        with.put("path", "target/golden");
        return steps;
    }

    static ArrayNode steps(ObjectNode job, boolean java) {
        ArrayNode steps = job.putArray("steps");
        checkout(steps);
        if (java) {
            ObjectNode setup = steps.addObject();
            setup.put("uses", PinnedActions.uses(PinnedActions.SETUP_JAVA));
            ObjectNode with = setup.putObject("with");
            with.put("distribution", "temurin");
            with.put("java-version", "17");
            with.put("cache", "maven");
        }
        return steps;
    }

    /** Checkout without leaving the job's token in .git/config: no step pushes, so none needs it. */
    static void checkout(ArrayNode steps) {
        ObjectNode checkout = steps.addObject();
        checkout.put("uses", PinnedActions.uses(PinnedActions.CHECKOUT));
        checkout.putObject("with").put("persist-credentials", false);
    }

    static ObjectNode run(String name, String command) {
        ObjectNode step = F.objectNode();
        step.put("name", name);
        step.put("run", command);
        return step;
    }

    /** Every secret name of environments of {@code type} (null: all), sorted (stable bytes). */
    static Set<String> secretNames(Manifest manifest, Environment.Type type) {
        Set<String> names = new TreeSet<>();
        manifest.environments().values().stream()
                .filter(e -> type == null || e.type() == type)
                .forEach(e -> names.addAll(manifest.secretNamesFor(e.name())));
        return names;
    }

    /** A GitHub expression string literal: single quotes, a quote doubled. */
    static String expressionString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
