package io.roster.state;

/** The state store could not be read or written; the message names what was being done, never a secret. */
public class StateStoreException extends RuntimeException {

    public StateStoreException(String doing, Exception cause) {
        super("state store: could not " + doing + ": " + cause.getMessage(), cause);
    }
}
