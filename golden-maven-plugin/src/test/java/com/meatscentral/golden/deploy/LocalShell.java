package com.meatscentral.golden.deploy;

import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link RemoteShell} that does what sshd does with an exec request: hands the rendered
 * command line to {@code sh -c}. Lets tests prove the quoting against a real POSIX shell.
 * {@code binDir} goes first on PATH, for stand-ins of docker, nginx or curl.
 */
final class LocalShell implements RemoteShell {

    final Path binDir;
    final List<String> commandLines = new ArrayList<>();

    LocalShell(Path binDir) {
        this.binDir = binDir;
    }

    @Override
    public ExecResult exec(RemoteCommand command) {
        String line = command.commandLine();
        commandLines.add(line);
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", line);
        pb.environment().put("PATH", binDir + ":" + System.getenv("PATH"));
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (command.stdin() != null) {
                    in.write(command.stdin());
                }
            }
            int code = p.waitFor();
            return new ExecResult(code, null, out.join(), err.join(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void upload(String path, byte[] content, int mode) {
        try {
            Path target = Path.of(path);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, content);
            Files.setPosixFilePermissions(tmp, permissions(mode));
            Files.move(
                    tmp,
                    target,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    @Override
    public String describe() {
        return "local-sh";
    }

    /** Writes an executable stand-in for a droplet program. */
    void stub(String name, String script) throws IOException {
        Path f = binDir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(f, permissions(0755));
    }
}
