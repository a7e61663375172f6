package com.meatscentral.golden.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * known_hosts lines given as a value (role ssh_known_hosts, e.g. a CI secret holding
 * {@code ssh-keyscan} output) written to a 0600 file the SSH host-key check reads; removed when
 * the JVM exits. Public keys, not secrets, but the file is still private to the user.
 */
final class KnownHostsFile {

    private KnownHostsFile() {}

    static Path write(String lines) {
        try {
            Path file = Files.createTempFile(
                    "golden-known_hosts",
                    "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(file, lines.endsWith("\n") ? lines : lines + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the known_hosts lines to a temporary file", e);
        }
    }
}
