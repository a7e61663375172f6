package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registry logins, for pushes (golden:push) and pulls (golden:migrate, golden:deploy).
 * First found wins, per registry host:
 * <ol>
 *   <li>secrets from the process environment under their CI secret names: DOCR
 *       ({@code registry.digitalocean.com}) {@code DO_ACCESS_TOKEN} as user and password,
 *       GHCR ({@code ghcr.io}) {@code GITHUB_ACTOR} + {@code GITHUB_TOKEN}, plus any host mapped
 *       by {@link #withSecretMapping};</li>
 *   <li>Maven settings.xml {@code <server>} whose id is the registry host (the mojo passes
 *       them decrypted);</li>
 *   <li>the Docker CLI's {@code config.json} ({@code $DOCKER_CONFIG} or {@code ~/.docker}): its
 *       credential helper for the host ({@code credHelpers}, else {@code credsStore}), then
 *       {@code auths}.</li>
 * </ol>
 * Every value found is handed to the secret sink (the Redactor) before it is returned.
 */
public final class RegistryCredentials {

    /** Where a login came from; {@link Login#source()} says it in messages. */
    public enum Source {
        ENVIRONMENT("CI secret"),
        MAVEN_SETTINGS("settings.xml server"),
        DOCKER_CONFIG("docker config.json");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A user name and password for one registry host, and where they came from (never the values). */
    public record Login(String registry, String username, String password, Source source, String origin) {
        /** e.g. "CI secret DO_ACCESS_TOKEN" or "settings.xml server registry.example.com". */
        public String describe() {
            return source.label() + (source == Source.ENVIRONMENT && origin.contains(" + ") ? "s " : " ") + origin;
        }

        @Override
        public String toString() {
            return "Login[" + registry + " from " + describe() + "]";
        }
    }

    /** A user/password pair as Maven's settings give it. */
    public record ServerLogin(String username, String password) {}

    private record SecretNames(String userVariable, String passwordVariable) {
        boolean oneSecret() {
            return userVariable.equals(passwordVariable);
        }

        /** "TOKEN" when one secret is both, else "USER" + joiner + "PASSWORD". */
        String join(String joiner) {
            return oneSecret() ? userVariable : userVariable + joiner + passwordVariable;
        }
    }

    public static final String DOCR = "registry.digitalocean.com";
    public static final String GHCR = "ghcr.io";

    private final Map<String, String> env;
    private final Map<String, ServerLogin> settingsServers;
    private final Path dockerConfigDir;
    private final DockerConfigLogins dockerConfig;
    private final Consumer<String> secretSink;
    private final Map<String, SecretNames> secretNames = new LinkedHashMap<>();

    /**
     * @param env             the process environment (CI secrets appear there)
     * @param settingsServers settings.xml servers by id, passwords already decrypted (empty outside Maven)
     * @param dockerConfigDir directory of config.json; null: {@code $DOCKER_CONFIG}, else {@code ~/.docker}
     * @param secretSink      receives every secret value before use (Redactor::register)
     */
    public RegistryCredentials(
            Map<String, String> env,
            Map<String, ServerLogin> settingsServers,
            Path dockerConfigDir,
            Consumer<String> secretSink) {
        this.env = Map.copyOf(env);
        this.settingsServers = settingsServers == null ? Map.of() : Map.copyOf(settingsServers);
        String fromEnv = env.get("DOCKER_CONFIG");
        this.dockerConfigDir = dockerConfigDir != null
                ? dockerConfigDir
                : fromEnv != null && !fromEnv.isBlank()
                        ? Path.of(fromEnv)
                        : Path.of(System.getProperty("user.home"), ".docker");
        this.dockerConfig = new DockerConfigLogins(this.dockerConfigDir, this.env);
        this.secretSink = secretSink == null ? v -> {} : secretSink;
        secretNames.put(DOCR, new SecretNames("DO_ACCESS_TOKEN", "DO_ACCESS_TOKEN"));
        secretNames.put(GHCR, new SecretNames("GITHUB_ACTOR", "GITHUB_TOKEN"));
    }

    /**
     * Maps another registry host to secrets: {@code "host=TOKEN"} (user = password = TOKEN's
     * value, as DOCR does) or {@code "host=USER_VARIABLE:PASSWORD_VARIABLE"}.
     */
    public RegistryCredentials withSecretMapping(String mapping) {
        int eq = mapping.indexOf('=');
        if (eq <= 0 || eq == mapping.length() - 1) {
            throw new GoldenException(
                    "Registry secret mapping '" + mapping + "' is not host=SECRET or host=USER_SECRET:PASSWORD_SECRET",
                    "e.g. <registrySecret>registry.example.com:5000=DO_ACCESS_TOKEN</registrySecret>");
        }
        String host = normalizeHost(mapping.substring(0, eq));
        String names = mapping.substring(eq + 1).strip();
        int colon = names.indexOf(':');
        secretNames.put(
                host,
                colon < 0
                        ? new SecretNames(names, names)
                        : new SecretNames(names.substring(0, colon), names.substring(colon + 1)));
        return this;
    }

    /**
     * The DOCR login secret as the manifest maps the role registry_token (DO_ACCESS_TOKEN, ...) for
     * the environment being deployed (the reference maps it to the global secret DO_ACCESS_TOKEN).
     */
    public RegistryCredentials withManifest(com.meatscentral.golden.manifest.Manifest manifest, String env) {
        return withManifest(manifest.valuesFor(env, Map.of()));
    }

    /** As {@link #withManifest(com.meatscentral.golden.manifest.Manifest, String)}, from an environment already resolved. */
    public RegistryCredentials withManifest(com.meatscentral.golden.manifest.EnvironmentValues values) {
        values.secretName(com.meatscentral.golden.manifest.Role.REGISTRY_TOKEN)
                .ifPresent(secret -> secretNames.put(DOCR, new SecretNames(secret, secret)));
        return this;
    }

    /** The login for {@code registryHost}, first found in the order above. */
    public Optional<Login> find(String registryHost) {
        String host = normalizeHost(registryHost);
        return fromEnvironment(host)
                .or(() -> fromSettings(host))
                .or(() -> dockerConfig.find(host))
                .map(this::registered);
    }

    /** Like {@link #find} but a missing login is a user error naming every place looked at. */
    public Login require(String registryHost) {
        String host = normalizeHost(registryHost);
        return find(host)
                .orElseThrow(() -> new GoldenException(
                        "No credentials for registry " + host + ": looked in " + String.join(", ", placesLooked(host)),
                        hintFor(host)));
    }

    /** The places {@link #find} looks at for {@code host}, in order, for messages. */
    public List<String> placesLooked(String registryHost) {
        String host = normalizeHost(registryHost);
        List<String> places = new ArrayList<>();
        SecretNames names = secretNames.get(host);
        if (names != null) {
            places.add((names.oneSecret() ? "CI secret " : "CI secrets ") + names.join(" + "));
        }
        places.add("settings.xml <server><id>" + host + "</id>");
        places.add(dockerConfigDir.resolve("config.json") + " (credential helper, auths)");
        return places;
    }

    private String hintFor(String host) {
        StringBuilder hint = new StringBuilder();
        SecretNames names = secretNames.get(host);
        if (names != null) {
            hint.append("set ").append(names.join(" and ")).append(" in the environment (CI: from secrets), or ");
        } else {
            hint.append("map the host to CI secrets with <registrySecrets><registrySecret>")
                    .append(host)
                    .append("=TOKEN_SECRET</registrySecret></registrySecrets>, or ");
        }
        hint.append("add <server><id>")
                .append(host)
                .append("</id><username>..</username><password>..</password></server> to settings.xml")
                .append(", or run `docker login ")
                .append(host)
                .append("`");
        dockerConfig
                .helperFor(host)
                .ifPresent(helper -> hint.append(" (")
                        .append(dockerConfigDir.resolve("config.json"))
                        .append(" uses the credential helper '")
                        .append(helper)
                        .append("', which has no login for ")
                        .append(host)
                        .append(": `docker login ")
                        .append(host)
                        .append("` stores one there)"));
        return hint.toString();
    }

    private Login registered(Login login) {
        secretSink.accept(login.password());
        return login;
    }

    private Optional<Login> fromEnvironment(String host) {
        SecretNames names = secretNames.get(host);
        if (names == null) {
            return Optional.empty();
        }
        String user = env.get(names.userVariable());
        String password = env.get(names.passwordVariable());
        if (isBlank(user) || isBlank(password)) {
            return Optional.empty();
        }
        return Optional.of(new Login(host, user, password, Source.ENVIRONMENT, names.join(" + ")));
    }

    private Optional<Login> fromSettings(String host) {
        ServerLogin server = settingsServers.get(host);
        if (server == null || isBlank(server.username()) || isBlank(server.password())) {
            return Optional.empty();
        }
        return Optional.of(new Login(host, server.username(), server.password(), Source.MAVEN_SETTINGS, host));
    }

    /** "https://index.docker.io/v1/" and "Host:5000/" name the same registry as their bare host. */
    static String normalizeHost(String raw) {
        String host = raw.strip();
        host = host.replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? "docker.io" : host;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
