package com.meatscentral.golden.deploy;

import java.util.Collection;

/**
 * The Markdown golden writes for a deploy, to the console and the GitHub step summary: the
 * single-host outcome under its step table, a rollout's per-host table, and the rows of
 * golden:status's table. Cells never break the table: a {@code |} in a value is escaped.
 */
final class DeploySummary {

    private DeploySummary() {}

    /** The summary of one droplet's deploy: its step table, then what serves (or why it failed). */
    static String singleHost(String env, String stepsTable, DeployResult result, String url, String outcome) {
        StringBuilder md = new StringBuilder("### golden:deploy " + env + "\n\n" + stepsTable + "\n");
        if (result != null) {
            md.append("Deployed `")
                    .append(result.image())
                    .append("` (")
                    .append(result.digest() == null ? "digest unknown" : "`" + result.digest() + "`")
                    .append(") -> ")
                    .append(url)
                    .append("\n");
        } else {
            md.append(outcome.replace("\n", " ")).append("\n");
        }
        return md.toString();
    }

    /** A rollout's table: host, result, what it serves now. */
    static String rollout(Collection<RollingDeploy.Outcome> outcomes) {
        StringBuilder t = new StringBuilder("| host | result | serves |\n|---|---|---|\n");
        outcomes.forEach(o -> t.append("| ")
                .append(cell(o.host()))
                .append(" | ")
                .append(cell(o.result()))
                .append(" | ")
                .append(cell(o.serves()))
                .append(" |\n"));
        return t.toString();
    }

    /** A table cell's text: a {@code |} escaped, a line break a space (curl's error text has both); null reads "-". */
    static String cell(String value) {
        return value == null ? "-" : value.replace("|", "\\|").replace("\n", " ");
    }

    /** One {@code | key | value |} row of a status table; null reads "-". */
    static void row(StringBuilder table, String key, String value) {
        table.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
    }
}
