package com.meatscentral.golden.mojo;

import com.meatscentral.golden.workflows.BranchMapping;
import com.meatscentral.golden.workflows.WorkflowWriter;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates {@code .github/workflows/main-pipeline.yml} and {@code reusable-deploy.yml} from
 * the manifest; with {@code -Dgolden.workflows.check} only compares and fails on drift.
 */
@Mojo(name = "workflows", requiresProject = false, threadSafe = true)
public class WorkflowsMojo extends AbstractGoldenMojo {

    /** The manifest the workflows are generated from. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    private File manifest;

    /** The service's root: the workflows go to {@code .github/workflows} under it. */
    @Parameter(property = "golden.workflows.root", defaultValue = "${basedir}")
    private File root;

    /** Compare only: fail with a unified diff when the committed workflows differ. */
    @Parameter(property = "golden.workflows.check", defaultValue = "false")
    private boolean check;

    /**
     * Branch per v5 {@code deployment_target} (or environment name) for environments without a
     * {@code branch} in the manifest, e.g. {@code development=development,uat=uat,production=main}.
     */
    @Parameter(property = "golden.workflows.branches", defaultValue = "")
    private String branches;

    /** Skips this goal. */
    @Parameter(property = "golden.workflows.skip", defaultValue = "false")
    public void setWorkflowsSkip(boolean workflowsSkip) {
        skipGoal(workflowsSkip);
    }

    @Override
    protected void run() {
        new WorkflowWriter(console()).run(root.toPath(), manifest.toPath(), BranchMapping.parse(branches), check);
    }
}
