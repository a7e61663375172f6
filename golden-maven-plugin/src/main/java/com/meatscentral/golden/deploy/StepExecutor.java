package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a deploy's steps in order, each recorded in the journal before and after it runs, and
 * owns what happens when one fails or the deploy is interrupted: before the cutover, every
 * step begun is undone in reverse order (the previous version never stopped serving); after
 * it, the deploy is finished instead (the new version serves). Steps act through the guarded
 * droplet (an interrupt stops them at their next droplet call); undo and finish use the plain
 * one, so an interrupt cannot stop a restore half way. The same executor resolves the journal
 * an earlier run left behind ({@link #resolve}).
 */
record StepExecutor(Droplet plain, Droplet guarded, Console console, StepLog log) {

    /** What a run ended with: the step that failed (null when none) and whether the new version serves. */
    record Outcome(boolean committed, String failedStep, RuntimeException failure) {}

    Outcome run(List<DeployStep> steps, DeployJournal journal) {
        List<DeployStep> begun = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            DeployStep step = steps.get(i);
            try {
                journal.enter(step.name());
                begun.add(step);
                log.run(step.name(), () -> step.run(guarded, journal));
                journal.leave(step.name(), false);
                if (step.commits()) {
                    journal.phase(DeployJournal.Phase.COMMITTED, null);
                }
            } catch (RuntimeException e) {
                boolean committed = journal.state().phase() == DeployJournal.Phase.COMMITTED;
                if (committed) {
                    // A step that must finish (history, clean up) is tried once more; the others are left behind.
                    finish(steps.subList(step.finishesAfterInterrupt() ? i : i + 1, steps.size()), journal, e);
                } else {
                    undo(begun, journal, e);
                }
                return new Outcome(committed, step.name(), e);
            }
        }
        try {
            journal.phase(DeployJournal.Phase.DONE, null);
        } catch (RuntimeException e) {
            console.warn("could not record the end of the deploy in " + journal.path() + " (" + e.getMessage()
                    + "); the next run finds it committed and has nothing left to do");
        }
        return new Outcome(true, null, null);
    }

    /** Undoes {@code begun} newest first; a step whose undo fails is reported and the rest still run. */
    private void undo(List<DeployStep> begun, DeployJournal journal, RuntimeException cause) {
        List<String> failed = new ArrayList<>();
        try {
            journal.phase(DeployJournal.Phase.UNDOING, why(cause));
        } catch (RuntimeException e) {
            failed.add("journal: " + e.getMessage());
        }
        for (int i = begun.size() - 1; i >= 0; i--) {
            DeployStep step = begun.get(i);
            try {
                log.run("undo " + step.name(), () -> step.undo(plain));
            } catch (RuntimeException e) {
                failed.add(step.name() + ": " + e.getMessage());
            }
        }
        if (failed.isEmpty()) {
            try {
                journal.phase(DeployJournal.Phase.ROLLED_BACK, why(cause));
            } catch (RuntimeException e) {
                failed.add("journal: " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            console.error("could not undo everything on " + plain.describe() + " (" + String.join("; ", failed)
                    + "); the journal " + journal.path() + " keeps the state: the next golden:deploy, golden:rollback"
                    + " or golden:status finishes the undo");
        }
    }

    /**
     * After the cutover: the steps that must still happen (history, clean up; after an
     * interrupt the rest is left for the next deploy). When one of those fails the journal
     * stays "committed", so the next run finishes it (e.g. removes the credential).
     */
    private void finish(List<DeployStep> rest, DeployJournal journal, RuntimeException cause) {
        List<String> failed = new ArrayList<>();
        for (DeployStep step : rest) {
            if (!step.finishesAfterInterrupt() && cause instanceof Interruption.Interrupted) {
                continue;
            }
            try {
                log.run(step.name(), () -> step.run(plain, journal));
                journal.leave(step.name(), false);
            } catch (RuntimeException e) {
                failed.add(step.name() + ": " + e.getMessage());
            }
        }
        try {
            if (failed.isEmpty()) {
                journal.phase(DeployJournal.Phase.DONE, "finished after: " + why(cause));
            } else {
                journal.phase(DeployJournal.Phase.COMMITTED, "left to finish: " + String.join("; ", failed));
            }
        } catch (RuntimeException e) {
            failed.add("journal: " + e.getMessage());
        }
        if (!failed.isEmpty()) {
            console.warn("after the cutover, could not finish " + String.join("; ", failed) + " on " + plain.describe()
                    + "; the journal " + journal.path() + " keeps it: the next golden:deploy, golden:rollback or"
                    + " golden:status finishes it");
        }
    }

    /**
     * The journal an earlier run left unfinished: before its cutover, undo every step it had
     * begun; after it, finish the steps that must still happen. Returns what was done, for the report.
     */
    String resolve(DeployJournal journal, List<DeployStep> steps) {
        DeployJournal.State s = journal.state();
        List<String> begun = new ArrayList<>(s.done());
        if (s.running() != null) {
            begun.add(s.running());
        }
        if (s.phase() == DeployJournal.Phase.COMMITTED) {
            List<DeployStep> rest = steps.stream()
                    .filter(st -> !s.done().contains(st.name()) && st.finishesAfterInterrupt())
                    .toList();
            finish(rest, journal, new Interruption.Interrupted());
            return "finished it (its cutover was done: " + s.plan().newContainer() + " serves)";
        }
        List<DeployStep> toUndo =
                steps.stream().filter(st -> begun.contains(st.name())).toList();
        undo(toUndo, journal, new GoldenException("left unfinished by an earlier run"));
        return "undid it ("
                + (toUndo.isEmpty()
                        ? "nothing had changed"
                        : "steps "
                                + String.join(
                                        ", ",
                                        toUndo.stream().map(DeployStep::name).toList()))
                + ")";
    }

    private static String why(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
