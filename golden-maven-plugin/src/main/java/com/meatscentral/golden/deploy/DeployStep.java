package com.meatscentral.golden.deploy;

/**
 * One step of a deploy: what it does on the droplet and how that is undone. {@link #undo}
 * may run in a later JVM than {@link #run} (the journal names the step; the plan has every
 * fact it needs), so it works from the plan alone, and it is idempotent: it may run after a
 * {@code run} that got only half way, or that never started.
 */
public interface DeployStep {

    String name();

    void run(Droplet droplet, DeployJournal journal);

    default void undo(Droplet droplet) {}

    /** Once this step is done the deploy goes forward only: the new version serves (the cutover). */
    default boolean commits() {
        return false;
    }

    /** After the cutover, an interrupted deploy still runs this step before it ends (e.g. the history line). */
    default boolean finishesAfterInterrupt() {
        return false;
    }
}
