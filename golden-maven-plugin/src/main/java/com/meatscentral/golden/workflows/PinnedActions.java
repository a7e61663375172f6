package com.meatscentral.golden.workflows;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The third-party actions the generated workflows use, pinned by full commit SHA: a tag can be
 * moved to other code after review, a commit cannot. Each SHA is the commit of the release tag
 * named beside it (written as a trailing comment, as Dependabot and Renovate expect), taken
 * from public workflows that pin the same release. To upgrade: replace SHA and tag together.
 */
public final class PinnedActions {

    public static final String CHECKOUT = "actions/checkout";
    public static final String SETUP_JAVA = "actions/setup-java";
    public static final String SETUP_PYTHON = "actions/setup-python";
    public static final String UPLOAD_ARTIFACT = "actions/upload-artifact";
    public static final String DOWNLOAD_ARTIFACT = "actions/download-artifact";

    /** action -> {commit, tag}. */
    static final Map<String, String[]> PINS = Map.of(
            CHECKOUT, new String[] {"11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"},
            SETUP_JAVA, new String[] {"c5195efecf7bdfc987ee8bae7a71cb8b11521c00", "v4.7.1"},
            SETUP_PYTHON, new String[] {"a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"},
            UPLOAD_ARTIFACT, new String[] {"ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"},
            DOWNLOAD_ARTIFACT, new String[] {"d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"});

    private static final Pattern USES_LINE =
            Pattern.compile("(?m)^(\\s*(?:- )?uses: )([\\w.-]+/[\\w.-]+)@([0-9a-f]{40})$");

    private PinnedActions() {}

    /** {@code owner/name@sha} for a {@code uses:} value. */
    public static String uses(String action) {
        String[] pin = PINS.get(action);
        if (pin == null) {
            throw new IllegalArgumentException("no pinned commit for " + action);
        }
        return action + "@" + pin[0];
    }

    /** The release tag of a pinned action. */
    public static String tag(String action) {
        return PINS.get(action)[1];
    }

    /** Appends {@code # <tag>} to every {@code uses: owner/name@<pinned sha>} line of emitted YAML. */
    static String withTagComments(String yaml) {
        Matcher m = USES_LINE.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] pin = PINS.get(m.group(2));
            String replacement = pin != null && pin[0].equals(m.group(3)) ? m.group() + " # " + pin[1] : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
