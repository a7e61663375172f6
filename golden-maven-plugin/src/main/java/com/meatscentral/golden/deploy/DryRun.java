package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.ResolvedVariable;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.RoleNeed;
import com.meatscentral.golden.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code -Dgolden.dryRun=true} of golden:deploy, golden:migrate and golden:rollback: connects
 * nowhere and changes nothing; prints the plan (each role -> manifest variable -> CI secret, set
 * or missing, never a value; image, droplet, container, ports, health URLs, migration command)
 * and fails, listing every missing value at once, unless everything needed is present.
 */
public final class DryRun {

    /**
     * @param goal             deploy, migrate or rollback
     * @param image            the image the goal would run (rollback: null when it is read from the droplet's history)
     * @param migrationCommand the migration command as the container would get it; null when the goal runs none
     * @param tunnelPort       the migration tunnel's local port
     */
    public record Plan(
            String goal,
            java.nio.file.Path manifest,
            String env,
            java.util.Map<String, String> processEnv,
            java.util.Map<String, String> roles,
            String image,
            HealthPolicy health,
            List<String> migrationCommand,
            int tunnelPort) {

        /** golden:deploy or golden:rollback with their options. */
        public static Plan deploy(
                String goal, DeployOptions o, String image, List<String> migrationCommand, int tunnelPort) {
            return new Plan(
                    goal,
                    o.manifest(),
                    o.env(),
                    o.processEnv(),
                    o.roles(),
                    image,
                    o.health(),
                    migrationCommand,
                    tunnelPort);
        }

        /** golden:migrate. */
        public static Plan migrate(
                java.nio.file.Path manifest,
                String env,
                java.util.Map<String, String> processEnv,
                java.util.Map<String, String> roles,
                String image,
                List<String> migrationCommand,
                int tunnelPort) {
            return new Plan("migrate", manifest, env, processEnv, roles, image, null, migrationCommand, tunnelPort);
        }

        @Override
        public String toString() {
            return "DryRun.Plan[" + goal + " " + env + "]"; // processEnv holds secrets
        }
    }

    private DryRun() {}

    /** Prints the plan; throws the missing-values error after it when something needed has no value. */
    public static List<String> run(Plan plan, Console console, Redactor redactor) {
        Plan o = plan;
        Manifest manifest = ManifestLoader.load(o.manifest()).withRoles(o.roles(), "golden.roles");
        EnvironmentValues values = manifest.valuesFor(o.env(), o.processEnv());
        values.secretValues().forEach(redactor::register);
        Environment env = values.environment();
        List<RoleNeed> needs = "migrate".equals(plan.goal()) ? RoleNeed.MIGRATION : RoleNeed.deploy(env);
        List<String> lines = new ArrayList<>();
        lines.add("golden:" + plan.goal() + " " + o.env() + ": dry run (connects nowhere, changes nothing)");
        lines.add("  manifest " + o.manifest() + " (v" + manifest.version() + "), "
                + env.type().jsonName() + " environment, CI secrets from GitHub environment '" + env.githubEnvironment()
                + "'");
        lines.add("  roles (role -> variable -> CI secret: set or missing; values are never shown):");
        for (Role role : roles(env, plan.migrationCommand() != null)) {
            lines.add("    " + row(values, role, unmetNeed(needs, role, values)));
        }
        ServiceKind kind = env.isBackend() ? ServiceKind.BACKEND : ServiceKind.FRONTEND;
        lines.add("  image:     "
                + Optional.ofNullable(plan.image())
                        .orElse("the previous successful deploy, read from the droplet's history ("
                                + DeployRequest.envDir(o.env()) + ")"));
        lines.add(
                "  droplet:   the host in " + values.variableFor(Role.SSH_HOST).orElse("(no ssh_host variable)")
                        + ", user in " + values.variableFor(Role.SSH_USER).orElse("(no ssh_user variable)"));
        if (!"migrate".equals(plan.goal())) {
            lines.add("  container: " + kind.slotContainer(1) + " / " + kind.slotContainer(2) + " on "
                    + kind.listenAddress() + ":" + kind.slotPort(1) + "/" + kind.slotPort(2)
                    + " (the free slot gets the new version),"
                    + " behind the proxy " + kind.proxyContainer() + " on " + kind.publicAddress()
                    + "; traffic switches once the new slot is healthy");
            lines.add("  health:    " + kind.healthUrl() + " (" + o.health().attempts() + " answered probes within "
                    + o.health().window().toSeconds() + " s)"
                    + (kind.proxyUrl() == null ? "" : "; proxy " + kind.proxyUrl() + " only warns"));
            lines.add("  url:       "
                    + env.url().orElse("http://<ssh_host>" + (env.isBackend() ? ":8000/api/v1/health/" : "/")));
        }
        if (plan.migrationCommand() != null && env.isBackend()) {
            lines.add("  migration: `" + String.join(" ", plan.migrationCommand()) + "` in the image on this machine's"
                    + " engine, DATABASE_URL through 127.0.0.1:" + plan.tunnelPort()
                    + " -> db_host:db_port via the droplet");
        }
        List<String> unmet = values.unmet(needs);
        List<String> missingRequired = values.missing().stream()
                .filter(v -> unmet.stream().noneMatch(l -> l.contains(" -> " + v.name() + " -> ")))
                .map(ResolvedVariable::arrow)
                .toList();
        lines.add(
                unmet.isEmpty() && missingRequired.isEmpty()
                        ? "  everything needed is set"
                        : "  missing: " + (unmet.size() + missingRequired.size()));
        lines.forEach(console::info);
        if (!unmet.isEmpty() || !missingRequired.isEmpty()) {
            values.requireAll(needs); // the one message listing every missing value with its CI secret
            throw new GoldenException(
                    "dry run of golden:" + plan.goal() + " " + o.env() + ": values are missing",
                    "set the secrets listed above");
        }
        return lines;
    }

    private static List<Role> roles(Environment env, boolean migration) {
        List<Role> roles = new ArrayList<>(List.of(
                Role.SSH_HOST,
                Role.SSH_USER,
                Role.SSH_PASSWORD,
                Role.SSH_PRIVATE_KEY,
                Role.SSH_HOST_FINGERPRINT,
                Role.SSH_KNOWN_HOSTS,
                Role.REGISTRY_TOKEN));
        if (env.isBackend()) {
            roles.addAll(List.of(
                    Role.DB_HOST,
                    Role.DB_PORT,
                    Role.DB_NAME,
                    Role.DB_USER,
                    Role.DB_PASSWORD,
                    Role.DB_APP_USER,
                    Role.DB_APP_PASSWORD,
                    Role.DJANGO_SECRET_KEY,
                    Role.DJANGO_SETTINGS_MODULE));
        } else {
            roles.addAll(List.of(Role.BACKEND_ADDRESS, Role.FRONTEND_API_BASE_URL, Role.FRONTEND_ENVIRONMENT));
        }
        return roles;
    }

    /** Whether {@code role} is part of a need none of whose roles has a value. */
    private static boolean unmetNeed(List<RoleNeed> needs, Role role, EnvironmentValues values) {
        return needs.stream()
                .anyMatch(n -> n.anyOf().contains(role)
                        && n.anyOf().stream().allMatch(r -> values.get(r).isEmpty()));
    }

    /** {@code ssh_host  -> SSH_HOST -> secret SSH_HOST: set}; never the value. */
    static String row(EnvironmentValues values, Role role, boolean needed) {
        String key = String.format("%-23s", role.key());
        Optional<ResolvedVariable> v = values.resolved(role);
        if (v.isEmpty()) {
            return key + "-> (no variable"
                    + (needed ? "; NEEDED: add " + values.roles().suggestedVariable(role) : "") + ")";
        }
        ResolvedVariable r = v.get();
        String source = r.secretName().map(s -> "secret " + s).orElse("environment_config");
        String state;
        if (values.get(role).isEmpty()) {
            state = needed || r.mustBeProvided() ? "MISSING" : "not set (optional)";
        } else {
            state = values.isFromSecret(r.name()) ? "set" : "set (manifest value)";
        }
        return key + "-> " + r.name() + " -> " + source + ": " + state;
    }
}
