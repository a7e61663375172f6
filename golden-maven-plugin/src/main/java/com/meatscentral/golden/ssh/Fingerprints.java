package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** SSH host-key fingerprints in OpenSSH's form: {@code SHA256:} + unpadded base64 of the key blob. */
public final class Fingerprints {

    private Fingerprints() {}

    public static String sha256(PublicKey key) {
        return sha256(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    public static String sha256(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The key type name as OpenSSH prints it, e.g. {@code ssh-ed25519}. */
    public static String type(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    /** Accepts {@code SHA256:abc}, {@code SHA256:abc=} (padded); refuses MD5 and other forms with the fix. */
    static String normalize(String value) {
        String v = value == null ? "" : value.trim();
        if (!v.startsWith("SHA256:") || v.length() < 20) {
            throw new GoldenException(
                    "Host-key fingerprint `" + v + "` is not a SHA256 fingerprint",
                    "pin the form `SHA256:...` that `ssh-keygen -lf <(ssh-keyscan -p PORT HOST)` prints"
                            + " (check it out of band, e.g. on the droplet's console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)");
        }
        while (v.endsWith("=")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
