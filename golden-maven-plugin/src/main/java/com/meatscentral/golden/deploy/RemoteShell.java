package com.meatscentral.golden.deploy;

import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;

/**
 * The two things the deploy needs from an SSH connection to a droplet: run a command
 * (argv quoted for the remote POSIX shell, stdin fed, output drained, exit code) and write a
 * file with a mode (atomically: temp file + rename). Backed by the ssh package's SSHJ
 * connection in production; by a local {@code /bin/sh} or a recorder in tests.
 */
public interface RemoteShell {

    ExecResult exec(RemoteCommand command);

    /** Writes {@code content} to {@code path} with permission bits {@code mode} (e.g. 0600). */
    void upload(String path, byte[] content, int mode);

    /** Where this shell runs, for messages (e.g. {@code root@10.77.0.3}). */
    String describe();
}
