package io.roster.secrets;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * The last guard of the log: every record the console (text or JSON) writes passes {@link SecretMask}, its message
 * and its exception's messages, whichever library logged it. Set on the handler by
 * {@code quarkus.log.console.filter=roster-secrets}.
 */
@LoggingFilter(name = "roster-secrets")
public final class SecretMaskingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String masked = SecretMask.apply(message);
        if (masked != null && !masked.equals(message)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(masked);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null && revealsAnything(record.getThrown())) {
            record.setThrown(masked(record.getThrown()));
        }
        return true;
    }

    private static boolean revealsAnything(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (SecretMask.reveals(c.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the chain with masked messages and the original stack traces. */
    private static Throwable masked(Throwable t) {
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : masked(t.getCause());
        Throwable copy = new MaskedException(t.getClass().getName() + ": " + SecretMask.apply(t.getMessage()), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message held a secret. */
    static final class MaskedException extends RuntimeException {
        MaskedException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
