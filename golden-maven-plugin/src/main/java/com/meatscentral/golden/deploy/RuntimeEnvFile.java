package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.ShellQuote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The container's runtime environment as a 0600 file on the droplet.
 *
 * <p>Why not {@code docker run --env-file}: that format is one {@code NAME=value} per line
 * with no quoting, so a value cannot contain a newline (a PEM key, or a SECRET_KEY that has
 * one) and the rest of the value after it would even become a bogus variable. Instead the
 * file holds POSIX-shell assignments with single-quoted values ({@code export NAME='...'},
 * exact for every byte but NUL), a wrapper script sources it and then execs
 * {@code docker run -e NAME ...}: {@code -e NAME} without a value makes the docker CLI take
 * the value from its own environment and pass it through the engine API's Env array, newline
 * and all. The command line (visible in {@code ps}) carries only variable names.
 * The file is uploaded by SFTP with mode 0600 and deleted right after the container is
 * created (the engine keeps the values in the container's config).
 */
public final class RuntimeEnvFile {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> values;

    public RuntimeEnvFile(Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>();
        values.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new GoldenException(
                        "runtime variable name '" + name + "' is not a valid environment variable name",
                        "use letters, digits and '_' only, not starting with a digit (check the manifest's application variables)");
            }
            if (name.startsWith("DOCKER_")) {
                // The docker CLI on the droplet reads DOCKER_HOST etc. from the same environment.
                throw new GoldenException(
                        "runtime variable '" + name + "' would also configure the docker client on the droplet",
                        "rename the variable; names starting with DOCKER_ are reserved for the docker CLI");
            }
            if (value == null) {
                throw new GoldenException(
                        "runtime variable '" + name + "' has no value",
                        "set it in the process environment (its mapped CI secret) before deploying");
            }
            if (value.indexOf('\0') >= 0) {
                throw new GoldenException(
                        "runtime variable '" + name + "' contains a NUL character, which no environment can carry",
                        "remove the NUL character from the secret's value");
            }
            sorted.put(name, value);
        });
        this.values = sorted;
    }

    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    public Map<String, String> values() {
        return values;
    }

    /** The file's content: a shell script that only assigns and exports. */
    public byte[] render() {
        StringBuilder out =
                new StringBuilder("# written by golden:deploy; mode 0600; removed after the container is created\n");
        values.forEach((name, value) -> out.append("export ")
                .append(name)
                .append('=')
                .append(ShellQuote.quote(value))
                .append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
