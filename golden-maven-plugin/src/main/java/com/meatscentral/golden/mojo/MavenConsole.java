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
    public void line(Level level, String message) {
        if (level == Level.DEBUG && !log.isDebugEnabled()) {
            return; // Maven would drop it: no need to redact it
        }
        String redacted = redactor.redact(message);
        switch (level) {
            case DEBUG -> log.debug(redacted);
            case INFO -> log.info(redacted);
            case WARN -> log.warn(redacted);
            case ERROR -> log.error(redacted);
        }
    }
}
