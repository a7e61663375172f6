package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /opt/pm/<env>/history.jsonl} on the droplet: one JSON object per deploy attempt,
 * appended at the end of the attempt. golden:rollback picks the previous successful sha
 * from it; golden:status shows the latest.
 */
public final class DeployHistory {

    public static final String SUCCESS = "success";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String sha, String image, String digest, String time, String result, String who, String kind) {}

    private final Droplet droplet;
    private final String path;

    public DeployHistory(Droplet droplet, String envDir) {
        this.droplet = droplet;
        this.path = envDir + "/history.jsonl";
    }

    public String path() {
        return path;
    }

    public void append(Entry entry) {
        try {
            droplet.appendLine(path, JSON.writeValueAsString(entry));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Oldest first; lines that are not valid JSON (a torn write) are skipped. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        droplet.readFile(path)
                .ifPresent(text -> text.lines().filter(l -> !l.isBlank()).forEach(l -> {
                    try {
                        out.add(JSON.readValue(l, Entry.class));
                    } catch (Exception ignored) {
                        // skip a damaged line rather than block a rollback
                    }
                }));
        return out;
    }

    /**
     * The sha to roll back to: the newest successful deploy whose sha differs from the one
     * deployed last (which is what runs now).
     */
    public Optional<Entry> previousSuccess() {
        List<Entry> all = entries();
        List<Entry> ok = all.stream().filter(e -> SUCCESS.equals(e.result())).toList();
        if (ok.isEmpty()) {
            return Optional.empty();
        }
        String current = ok.get(ok.size() - 1).sha();
        for (int i = ok.size() - 1; i >= 0; i--) {
            if (!ok.get(i).sha().equals(current)) {
                return Optional.of(ok.get(i));
            }
        }
        return Optional.empty();
    }

    public Optional<Entry> lastSuccess() {
        List<Entry> ok =
                entries().stream().filter(e -> SUCCESS.equals(e.result())).toList();
        return ok.isEmpty() ? Optional.empty() : Optional.of(ok.get(ok.size() - 1));
    }
}
