package io.roster.targets.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/** A failed connection to a target, in words an admin can act on; the same for every target. */
public final class ConnectionErrors {

    private ConnectionErrors() {
    }

    public static String describe(IOException e) {
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "connection refused: nothing listens there, or a firewall rejects it";
        }
        if (e.getCause() instanceof UnresolvedAddressException || e instanceof UnknownHostException) {
            return "the host name does not resolve";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
