package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of a deploy, on the droplet ({@code /opt/pm/.golden/<service>.journal.json},
 * replaced atomically): the plan, the steps done, the step running, the phase. Written before
 * and after every step (one write per boundary: "step N done, step N+1 running"), so whoever
 * comes next knows exactly how far a deploy that died got.
 */
public final class DeployJournal {

    /** running: not switched yet (undo); committed: the cutover is done (finish); then one of the ends. */
    public enum Phase {
        RUNNING,
        COMMITTED,
        UNDOING,
        DONE,
        ROLLED_BACK
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(
            DeployPlan plan,
            Phase phase,
            List<String> done,
            String running,
            String digest,
            String updated,
            String note) {
        public boolean finished() {
            return phase == Phase.DONE || phase == Phase.ROLLED_BACK;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Droplet droplet;
    private final String path;
    private State state;
    private int healthAttempts;

    private DeployJournal(Droplet droplet, String path, State state) {
        this.droplet = droplet;
        this.path = path;
        this.state = state;
    }

    /** A new journal for {@code plan}, written at once (before the first step). */
    public static DeployJournal start(Droplet droplet, DeployPlan plan) {
        DeployJournal j = new DeployJournal(
                droplet, plan.journalPath(), new State(plan, Phase.RUNNING, List.of(), null, null, null, null));
        j.write();
        return j;
    }

    /** The journal a deploy left, if any (unreadable: empty, with a warning by the caller). */
    public static Optional<DeployJournal> read(Droplet droplet, ServiceKind kind) {
        String path = DeployPlan.journalPath(kind);
        return droplet.readFile(path).flatMap(text -> {
            try {
                return Optional.of(new DeployJournal(droplet, path, JSON.readValue(text, State.class)));
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }

    public State state() {
        return state;
    }

    public String path() {
        return path;
    }

    /** Before a step runs (the previous one, if any, is done). */
    public void enter(String step) {
        state = new State(state.plan(), state.phase(), state.done(), step, state.digest(), null, state.note());
        write();
    }

    /** After a step ran: recorded together with the next {@link #enter}, or alone for the last step. */
    public void leave(String step, boolean write) {
        List<String> done = new ArrayList<>(state.done());
        done.add(step);
        state = new State(state.plan(), state.phase(), List.copyOf(done), null, state.digest(), null, state.note());
        if (write) {
            write();
        }
    }

    /** The health attempts of this run (not recorded: only for the result). */
    public void healthAttempts(int n) {
        healthAttempts = n;
    }

    public int healthAttempts() {
        return healthAttempts;
    }

    public void digest(String digest) {
        state = new State(state.plan(), state.phase(), state.done(), state.running(), digest, null, state.note());
    }

    public void phase(Phase phase, String note) {
        state = new State(state.plan(), phase, state.done(), state.running(), state.digest(), null, note);
        write();
    }

    private void write() {
        try {
            State stamped = new State(
                    state.plan(),
                    state.phase(),
                    state.done(),
                    state.running(),
                    state.digest(),
                    Instant.now().toString(),
                    state.note());
            droplet.writeFile(path, (JSON.writeValueAsString(stamped) + "\n").getBytes(StandardCharsets.UTF_8), 0600);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
