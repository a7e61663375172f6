package com.meatscentral.golden.secrets;

import java.util.Map;
import java.util.Set;

/**
 * The names (never values: GitHub does not return them) of the secrets a repository's
 * workflows can see: repository secrets, organization secrets shared with the repository,
 * and each GitHub environment's own secrets.
 */
public record GitHubSecrets(Set<String> repository, Set<String> organization, Map<String, Set<String>> environments) {

    public GitHubSecrets {
        repository = Set.copyOf(repository);
        organization = Set.copyOf(organization);
        environments = Map.copyOf(environments);
    }

    /** Environment secrets of {@code githubEnvironment} ∪ repository ∪ shared organization secrets. */
    public boolean availableTo(String githubEnvironment, String secret) {
        return environments.getOrDefault(githubEnvironment, Set.of()).contains(secret)
                || repository.contains(secret)
                || organization.contains(secret);
    }

    public Set<String> environment(String githubEnvironment) {
        return environments.getOrDefault(githubEnvironment, Set.of());
    }
}
