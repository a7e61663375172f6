package com.meatscentral.golden.ssh;

import com.meatscentral.golden.Console;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Routes SSHJ's own log lines through golden's Console (so they are redacted) at debug level:
 * SSHJ logs host names and addresses at INFO/ERROR straight to Maven's log otherwise, and
 * its errors repeat what golden's typed exceptions already say. A dynamic proxy keeps this
 * independent of the slf4j version Maven ships (1.7 or 2.x).
 */
final class SshjLogging implements LoggerFactory {

    private final Console console;

    SshjLogging(Console console) {
        this.console = console;
    }

    @Override
    public Logger getLogger(String name) {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    String m = method.getName();
                    switch (m) {
                        case "getName":
                            return name;
                        case "isTraceEnabled":
                            return false;
                        case "isDebugEnabled":
                        case "isInfoEnabled":
                        case "isWarnEnabled":
                        case "isErrorEnabled":
                            return true;
                        case "debug":
                        case "info":
                        case "warn":
                        case "error":
                            log(m, args);
                            return null;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "SshjLogging[" + name + "]";
                        default:
                            // trace and the slf4j 2 fluent API (atX/makeLoggingEventBuilder) are not used for output
                            return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                    }
                });
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return getLogger(clazz.getName());
    }

    private void log(String level, Object[] args) {
        if (args == null || args.length == 0) {
            return;
        }
        int first = args[0] instanceof Marker ? 1 : 0;
        if (args.length <= first || !(args[first] instanceof String) && args[first] != null) {
            return;
        }
        String pattern = (String) args[first];
        Object[] rest = Arrays.copyOfRange(args, first + 1, args.length);
        if (rest.length == 1 && rest[0] instanceof Object[] varargs) {
            rest = varargs;
        }
        FormattingTuple tuple = MessageFormatter.arrayFormat(pattern, rest);
        Throwable t = tuple.getThrowable();
        if (t == null && rest.length == 1 && rest[0] instanceof Throwable single) {
            t = single;
        }
        console.debug(
                "sshj " + level + ": " + tuple.getMessage() + (t == null ? "" : " (" + PortForward.reason(t) + ")"));
    }
}
