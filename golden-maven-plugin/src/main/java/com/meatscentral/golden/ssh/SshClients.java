package com.meatscentral.golden.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.meatscentral.golden.Console;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;

/**
 * An SSHJ client set up as golden needs it, not yet connected: AES ciphers on the JDK's
 * provider, a keep-alive that notices a dead peer, the host-key policy, SSHJ's log on the
 * console, and a window sized for a tunnel carrying bulk data.
 */
final class SshClients {

    private SshClients() {}

    static SSHClient configured(SshSettings settings, Console console, HostKeyPolicy policy) {
        SSHClient client = new SSHClient(config(console));
        client.addHostKeyVerifier(policy);
        client.setConnectTimeout((int) settings.connectTimeout().toMillis());
        // The keep-alive thread starts on connect with the interval it has then: set it first.
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(
                (int) Math.max(0, settings.keepAliveInterval().toSeconds()));
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(settings.keepAliveMaxCount());
        }
        // Larger window and packets: the tunnel carries bulk data (see it/bench).
        client.getConnection().setWindowSize(8L * 1024 * 1024);
        client.getConnection().setMaxPacketSize(256 * 1024);
        return client;
    }

    static DefaultConfig config(Console console) {
        DefaultConfig config = new DefaultConfig() {
            /**
             * AES only, GCM first: the JDK runs it on AES-NI. SSHJ's default list starts with
             * chacha20-poly1305 and exotic ciphers that need Bouncy Castle's provider (which we do
             * not register, see SshSession's static block) and would each log "disabled" at INFO.
             */
            @Override
            protected void initCipherFactories() {
                setCipherFactories(
                        GcmCiphers.AES128GCM(),
                        GcmCiphers.AES256GCM(),
                        BlockCiphers.AES128CTR(),
                        BlockCiphers.AES192CTR(),
                        BlockCiphers.AES256CTR());
            }
        };
        // The default keep-alive only sends ignore packets and never notices a dead peer.
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        config.setLoggerFactory(new SshjLogging(console));
        return config;
    }
}
