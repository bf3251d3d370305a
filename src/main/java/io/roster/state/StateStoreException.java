package io.roster.state;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** The state store could not be read or written; the message names what was being done, never a secret. */
public class StateStoreException extends RuntimeException {

    public StateStoreException(String doing, Exception cause) {
        super("state store: could not " + doing + ": " + reason(cause), cause);
    }

    /**
     * The database's own reason. A failed JDBC batch's message repeats the statement with every value bound (people's
     * names and phone numbers, over and over): its next exception holds the reason alone.
     */
    private static String reason(Exception cause) {
        if (cause instanceof BatchUpdateException b) {
            SQLException next = b.getNextException();
            return next != null && next.getMessage() != null ? next.getMessage() : "a batched statement failed";
        }
        return cause.getMessage();
    }
}
