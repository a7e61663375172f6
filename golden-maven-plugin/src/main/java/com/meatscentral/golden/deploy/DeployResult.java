package com.meatscentral.golden.deploy;

import java.util.List;

/** A successful deploy: what now runs, and how long each step took. */
public record DeployResult(
        String env, String sha, String image, String digest, int healthAttempts, List<StepLog.Step> steps) {}
