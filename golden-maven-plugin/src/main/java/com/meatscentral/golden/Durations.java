package com.meatscentral.golden;

import java.time.Duration;

/** Durations in the words golden's messages use. */
public final class Durations {

    private Durations() {}

    /** {@code 30 min} from a minute on, else {@code 45 s}: a timeout as a user configured it. */
    public static String human(Duration d) {
        return d.toSeconds() >= 60 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
