package com.meatscentral.golden.workflows;

import static com.meatscentral.golden.workflows.WorkflowParts.MAKEMIGRATIONS_CHECK;
import static com.meatscentral.golden.workflows.WorkflowParts.checkout;
import static com.meatscentral.golden.workflows.WorkflowParts.digests;
import static com.meatscentral.golden.workflows.WorkflowParts.environment;
import static com.meatscentral.golden.workflows.WorkflowParts.job;
import static com.meatscentral.golden.workflows.WorkflowParts.run;
import static com.meatscentral.golden.workflows.WorkflowParts.secretNames;
import static com.meatscentral.golden.workflows.WorkflowParts.steps;
import static com.meatscentral.golden.workflows.WorkflowParts.withSecrets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.Manifest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code reusable-deploy.yml}, called by the main pipeline once per environment: jobs test
 * (PostgreSQL service, {@code makemigrations --check}), migrate, deploy-backend and
 * deploy-frontend, each in the caller's GitHub environment, handing exactly the manifest's secret
 * names for that environment type to the one step that runs the golden goal.
 */
final class ReusableDeployWorkflow {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReusableDeployWorkflow() {}

    static ObjectNode tree(Manifest manifest) {
        ObjectNode root = F.objectNode();
        root.put("name", "Reusable Deploy");
        ObjectNode inputs = root.putObject("on").putObject("workflow_call").putObject("inputs");
        ObjectNode envInput = inputs.putObject("environment");
        envInput.put(
                "description",
                "manifest environment, e.g. " + manifest.environmentNames().get(0));
        envInput.put("required", true);
        envInput.put("type", "string");
        ObjectNode typeInput = inputs.putObject("type");
        typeInput.put("description", "backend or frontend");
        typeInput.put("required", true);
        typeInput.put("type", "string");
        ObjectNode artifactInput = inputs.putObject("images-artifact");
        artifactInput.put("description", "artifact holding target/golden/images.json of the branch's build job");
        artifactInput.put("required", true);
        artifactInput.put("type", "string");
        root.putObject("permissions");
        ObjectNode jobs = root.putObject("jobs");

        ObjectNode test = job(jobs, "test", "Test backend (PostgreSQL service)", Optional.of("backend"), List.of());
        ObjectNode postgres = test.putObject("services").putObject("postgres");
        postgres.put("image", WorkflowGenerator.POSTGRES_IMAGE);
        ObjectNode pgEnv = postgres.putObject("env");
        pgEnv.put("POSTGRES_DB", "golden_test");
        pgEnv.put("POSTGRES_USER", "golden");
        pgEnv.put("POSTGRES_PASSWORD", "golden"); // a throwaway service database of the CI job
        postgres.putArray("ports").add("5432:5432");
        postgres.put("options", "--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10");
        ObjectNode testEnv = test.putObject("env");
        testEnv.put("DATABASE_URL", "postgresql://golden:golden@127.0.0.1:5432/golden_test");
        // The application role: row-level security binds it (the owner bypasses RLS), and the
        // isolation tests connect as it. Its password is made per run, never written down.
        testEnv.put("DB_APP_USER", "golden_app");
        ArrayNode testSteps = test.putArray("steps");
        checkout(testSteps);
        ObjectNode python = testSteps.addObject();
        python.put("uses", PinnedActions.uses(PinnedActions.SETUP_PYTHON));
        python.putObject("with").put("python-version", "3.12");
        ObjectNode install = run("Install dependencies", "python -m pip install -r requirements.txt");
        install.put("working-directory", "backend");
        testSteps.add(install);
        testSteps.add(run(
                "Create the application role (not the table owner, so row-level security applies)",
                "DB_APP_PASSWORD=$(openssl rand -hex 16) && echo \"::add-mask::$DB_APP_PASSWORD\""
                        + " && printf \"CREATE ROLE %s LOGIN PASSWORD '%s';\\n\" \"$DB_APP_USER\" \"$DB_APP_PASSWORD\""
                        + " | psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1"
                        + " && echo \"DB_APP_PASSWORD=$DB_APP_PASSWORD\" >> \"$GITHUB_ENV\""));
        // A model change without its migration would deploy a schema the code does not match.
        ObjectNode makemigrations = run("Every model change has its migration", MAKEMIGRATIONS_CHECK);
        makemigrations.put("working-directory", "backend");
        testSteps.add(makemigrations);
        ObjectNode tests = run("Run tests (owner and application role, PostgreSQL)", "sh scripts/test-backend.sh");
        tests.put("working-directory", "backend");
        testSteps.add(tests);

        Set<String> backendSecrets = secretNames(manifest, Environment.Type.BACKEND);
        ObjectNode migrate =
                job(jobs, "migrate", "Migrate through the bastion tunnel", Optional.of("backend"), List.of("test"));
        environment(migrate, true);
        steps(migrate, true)
                .add(withSecrets(
                        run(
                                "Migrate (tunnel 127.0.0.1:5433, --network host, --fake-initial --noinput)",
                                WorkflowGenerator.MVN + " golden:migrate -Denv=\"$GOLDEN_ENV\""),
                        backendSecrets));

        ObjectNode deployBackend =
                job(jobs, "deploy-backend", "Deploy backend", Optional.of("backend"), List.of("migrate"));
        environment(deployBackend, true);
        digests(steps(deployBackend, true))
                .add(withSecrets(
                        run(
                                "Deploy, health check localhost:8000/api/v1/health/ (5 attempts), roll back on failure",
                                WorkflowGenerator.MVN
                                        + " golden:deploy -Denv=\"$GOLDEN_ENV\" -Dgolden.deploy.skipMigrate=true"),
                        backendSecrets));

        ObjectNode deployFrontend = job(jobs, "deploy-frontend", "Deploy frontend", Optional.of("frontend"), List.of());
        environment(deployFrontend, true);
        digests(steps(deployFrontend, true))
                .add(withSecrets(
                        run(
                                "Deploy, health check 127.0.0.1:8080/ (5 attempts), roll back on failure",
                                WorkflowGenerator.MVN + " golden:deploy -Denv=\"$GOLDEN_ENV\""),
                        secretNames(manifest, Environment.Type.FRONTEND)));
        return root;
    }
}
