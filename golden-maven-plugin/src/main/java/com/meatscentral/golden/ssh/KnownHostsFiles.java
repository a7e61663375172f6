package com.meatscentral.golden.ssh;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * The known_hosts files of {@code golden.ssh.knownHosts}, read together. SSHJ's
 * {@link OpenSSHKnownHosts} parses each line (hashed host names, wildcards, negation,
 * {@code @cert-authority} lines; the KEX itself checks a host certificate's signature,
 * principals and validity), but the decision is made here: SSHJ accepts a key as soon as one
 * line lists it, so a {@code @revoked} line would not win over another line with the same key,
 * and OpenSSH says a revoked key "must not ever be accepted".
 */
final class KnownHostsFiles {

    /** One parsed line and where it came from. */
    private record Line(OpenSSHKnownHosts.KnownHostEntry entry, Path file, Marker marker) {}

    private enum Marker {
        NONE,
        REVOKED,
        CERT_AUTHORITY
    }

    private final List<Path> files;
    private final List<OpenSSHKnownHosts> parsed = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();

    private KnownHostsFiles(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** Reads every file; a missing one counts as empty (as OpenSSH treats ~/.ssh/known_hosts). */
    static KnownHostsFiles load(List<Path> files) {
        KnownHostsFiles all = new KnownHostsFiles(files);
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            try (Reader reader = Files.newBufferedReader(file)) {
                OpenSSHKnownHosts hosts = new OpenSSHKnownHosts(reader);
                all.parsed.add(hosts);
                for (OpenSSHKnownHosts.KnownHostEntry entry : hosts.entries()) {
                    String line = entry.getLine() == null ? "" : entry.getLine().trim();
                    Marker marker = line.startsWith("@revoked")
                            ? Marker.REVOKED
                            : line.startsWith("@cert-authority") ? Marker.CERT_AUTHORITY : Marker.NONE;
                    all.lines.add(new Line(entry, file, marker));
                }
            } catch (IOException e) {
                throw new GoldenException(
                        "Cannot read known_hosts file " + file + ": " + e.getMessage(),
                        "fix the file's permissions or format (-Dgolden.ssh.knownHosts), or pin the bastion's key with SSH_HOST_FINGERPRINT");
            }
        }
        return all;
    }

    /** Null when a line vouches for the key; else why it is refused (revoked, changed or unknown). */
    HostKeyRejectedException check(String hostname, int port, PublicKey key, String presented, String type) {
        String host =
                port == 22 ? hostname.toLowerCase(Locale.ROOT) : "[" + hostname.toLowerCase(Locale.ROOT) + "]:" + port;
        String where = hostname + ":" + port;
        Set<String> keyPrints = keyFingerprints(key, presented);
        for (Line line : lines) {
            if (line.marker() == Marker.REVOKED && applies(line, host) && keyPrints.contains(fingerprintOf(line))) {
                return new HostKeyRejectedException(
                        "SSH host key of " + where + " is REVOKED (@revoked in " + line.file() + "): presented "
                                + presented + " (" + type + ")",
                        "a revoked key is never accepted, whatever other line lists it: do not connect. If the droplet has a"
                                + " new key, check it out of band and pin it (SSH_HOST_FINGERPRINT) or add it to the known_hosts file",
                        List.of(),
                        presented,
                        true);
            }
        }
        List<Line> applicable = new ArrayList<>();
        for (Line line : lines) {
            if (line.marker() == Marker.REVOKED
                    || line.marker() == Marker.CERT_AUTHORITY && !(key instanceof Certificate<?>)) {
                continue;
            }
            try {
                if (line.entry().appliesTo(KeyType.fromKey(key), host)) {
                    applicable.add(line);
                    if (line.entry().verify(key)) {
                        return null;
                    }
                }
            } catch (IOException e) {
                // A line we cannot match vouches for nothing.
            }
        }
        if (!applicable.isEmpty()) {
            List<String> expected = applicable.stream()
                    .map(KnownHostsFiles::fingerprintOf)
                    .distinct()
                    .toList();
            String inFiles =
                    applicable.stream().map(l -> l.file().toString()).distinct().collect(Collectors.joining(", "));
            String remove = applicable.stream()
                    .map(Line::file)
                    .distinct()
                    .map(f -> "`ssh-keygen -R '" + host + "' -f " + f + "`")
                    .collect(Collectors.joining(", "));
            return new HostKeyRejectedException(
                    "SSH host key of " + where + " CHANGED. expected (" + inFiles + "): " + String.join(", ", expected)
                            + "; presented: " + presented + " (" + type + ")",
                    "if the droplet was rebuilt, check the new key out of band, then remove the old entry (" + remove
                            + ") and add the new one, or pin it with SSH_HOST_FINGERPRINT. Otherwise this may be an attack: do not connect.",
                    expected,
                    presented);
        }
        String first = files.isEmpty() ? "~/.ssh/known_hosts" : files.get(0).toString();
        return new HostKeyRejectedException(
                "SSH host key of " + where + " is unknown: not pinned and not in " + describe()
                        + ". expected: (none); presented: " + presented + " (" + type + ")",
                "check the fingerprint out of band (droplet console: `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`), then set"
                        + " SSH_HOST_FINGERPRINT=" + presented + " or add the key with `ssh-keyscan -p " + port + " "
                        + hostname
                        + " >> " + first
                        + "`; -Dgolden.ssh.insecureHostKey=true skips the check (refused for production"
                        + " environments and when a key is pinned)",
                List.of(),
                presented);
    }

    /** Key types the files know for the host, so that the client asks for those first (as OpenSSH does). */
    List<String> algorithms(String hostname, int port) {
        Set<String> out = new LinkedHashSet<>();
        parsed.forEach(p -> out.addAll(p.findExistingAlgorithms(hostname, port)));
        return List.copyOf(out);
    }

    /** The files, for messages. */
    String describe() {
        return files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    private static boolean applies(Line line, String host) {
        try {
            return line.entry().appliesTo(host);
        } catch (IOException e) {
            return false;
        }
    }

    /** The presented key, and for a certificate also its plain key and its CA: a revoked line may name any of them. */
    private static Set<String> keyFingerprints(PublicKey key, String presented) {
        Set<String> prints = new LinkedHashSet<>();
        prints.add(presented);
        if (key instanceof Certificate<?> cert) {
            prints.add(Fingerprints.sha256(cert.getKey()));
            prints.add(Fingerprints.sha256(cert.getSignatureKey()));
        }
        return prints;
    }

    /** "[marker] hosts type base64 [comment]" -> SHA256 fingerprint of the base64 blob. */
    private static String fingerprintOf(Line line) {
        String text = line.entry().getLine();
        if (text == null) {
            return "(unreadable entry in " + line.file() + ")";
        }
        String[] parts = text.trim().split("\\s+");
        int i = parts.length > 0 && parts[0].startsWith("@") ? 1 : 0;
        if (parts.length < i + 3) {
            return "(unreadable entry in " + line.file() + ")";
        }
        try {
            return Fingerprints.sha256(Base64.getDecoder().decode(parts[i + 2]));
        } catch (IllegalArgumentException e) {
            return "(unreadable entry in " + line.file() + ")";
        }
    }
}
