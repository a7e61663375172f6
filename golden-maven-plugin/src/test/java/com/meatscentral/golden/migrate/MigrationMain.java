package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.secrets.Redactor;
import com.meatscentral.golden.ssh.SshSettings;
import java.util.List;
import java.util.Map;

/** Runs one migration in its own JVM so a test can press Ctrl-C (SIGINT) on it. Values come from the environment. */
public final class MigrationMain {

    public static void main(String[] args) {
        Map<String, String> e = System.getenv();
        Console console = (level, m) -> {
            if (level != Console.Level.DEBUG) {
                System.out.println(level + " " + m);
                System.out.flush();
            }
        };
        SshSettings ssh = SshSettings.of("127.0.0.1", e.get("T_SSH_USER"), b -> {
            b.port = Integer.parseInt(e.get("T_SSH_PORT"));
            b.password = e.get("T_SSH_PASSWORD");
            b.fingerprints.add(e.get("T_SSH_FP"));
        });
        MigrationPlan plan = new MigrationPlan(
                "dev-backend",
                ssh,
                "127.0.0.1",
                Integer.parseInt(e.get("T_PG_PORT")),
                "postgres",
                "app_owner",
                e.get("T_DB_PASSWORD"),
                Integer.parseInt(e.get("T_TUNNEL_PORT")),
                e.get("T_IMAGE"),
                null,
                null,
                "secret-key-value",
                null,
                List.of("sleep", "600"));
        new Migration(new Redactor(), console, Map.of()).run(plan);
    }
}
