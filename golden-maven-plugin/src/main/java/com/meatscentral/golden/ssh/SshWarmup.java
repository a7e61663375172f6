package com.meatscentral.golden.ssh;

import com.meatscentral.golden.ClassWarmup;
import com.meatscentral.golden.Console;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import net.schmizz.sshj.SSHClient;

/**
 * Loads what the first SSH connection of a run needs (SSHJ's configuration and transport, the
 * JDK's key exchange, cipher, MAC and signature engines) on a background thread while the
 * caller does local work first (golden:deploy audits the environment and reads the manifest
 * before it connects). A run of one short goal pays that class loading once, on the critical
 * path otherwise. Nothing is connected and nothing printed; a failure here is ignored (the
 * connection itself reports it). See {@link ClassWarmup}.
 */
public final class SshWarmup {

    private SshWarmup() {}

    /** Starts the warm-up once per JVM. */
    public static void inBackground() {
        ClassWarmup.inBackground("ssh", SshWarmup::warm);
    }

    static void warm() {
        try {
            Class.forName(SshSession.class.getName()); // its static block sets SSHJ's provider first
            new SSHClient(SshClients.config(Console.SILENT)).close();
            KeyAgreement.getInstance("X25519");
            java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
            java.security.Signature.getInstance("Ed25519");
            Cipher.getInstance("AES/GCM/NoPadding");
            Cipher.getInstance("AES/CTR/NoPadding");
            Mac.getInstance("HmacSHA256");
        } catch (Exception e) {
            // only a head start: the real connection loads what it needs and reports what fails
        }
    }
}
