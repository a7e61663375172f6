package com.meatscentral.golden.mojo;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.secrets.Redactor;
import org.apache.maven.plugin.logging.Log;

/** The core's {@link Console} on Maven's log; every line is redacted first. */
final class MavenConsole implements Console {

    private final Log log;
    private final Redactor redactor;

    MavenConsole(Log log, Redactor redactor) {
        this.log = log;
        this.redactor = redactor;
    }

    @Override
    public void debug(String message) {
        if (log.isDebugEnabled()) {
            log.debug(redactor.redact(message));
        }
    }

    @Override
    public void info(String message) {
        log.info(redactor.redact(message));
    }

    @Override
    public void warn(String message) {
        log.warn(redactor.redact(message));
    }

    @Override
    public void error(String message) {
        log.error(redactor.redact(message));
    }
}
