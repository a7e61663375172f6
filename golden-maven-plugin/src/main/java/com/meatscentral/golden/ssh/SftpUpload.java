package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Request;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;

/** An SFTP upload that replaces its target atomically, with the file mode set from the start. */
final class SftpUpload {

    private SftpUpload() {}

    /**
     * Writes {@code content} to {@code remotePath} with {@code mode} (e.g. 0600) atomically: a
     * temp file beside it, created with the mode, then renamed over the target.
     */
    static void upload(SSHClient client, SshSettings settings, byte[] content, String remotePath, int mode) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String tmp = remotePath + ".golden-" + HexFormat.of().formatHex(random) + ".tmp";
        try (SFTPClient sftp = client.newSFTPClient()) {
            FileAttributes attrs =
                    new FileAttributes.Builder().withPermissions(mode).build();
            boolean written = false;
            try {
                try (RemoteFile file =
                                sftp.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs);
                        OutputStream os = file.new RemoteFileOutputStream(0, 16)) {
                    os.write(content);
                }
                sftp.chmod(tmp, mode); // the server's umask may have narrowed or not applied the mode
                rename(sftp, tmp, remotePath);
                written = true;
            } finally {
                if (!written) {
                    try {
                        sftp.rm(tmp);
                    } catch (IOException ignored) {
                        // the temp file was never created
                    }
                }
            }
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot upload " + remotePath + " to " + settings.host() + ": " + PortForward.reason(e),
                    "check that the directory exists and " + settings.user() + " may write to it",
                    e);
        }
    }

    private static void rename(SFTPClient sftp, String from, String to) throws IOException {
        SFTPEngine engine = sftp.getSFTPEngine();
        if (engine.supportsServerExtension("posix-rename", "openssh.com")) {
            // Atomic replace (rename(2)); plain SFTPv3 rename refuses an existing target.
            Request req = engine.newExtendedRequest("posix-rename@openssh.com")
                    .putString(from, engine.getSubsystem().getRemoteCharset())
                    .putString(to, engine.getSubsystem().getRemoteCharset());
            engine.request(req)
                    .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS)
                    .ensureStatusPacketIsOK();
        } else {
            if (sftp.statExistence(to) != null) {
                sftp.rm(to);
            }
            sftp.rename(from, to);
        }
    }
}
