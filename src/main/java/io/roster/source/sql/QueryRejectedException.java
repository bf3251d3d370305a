package io.roster.source.sql;

/** A source query Roster will not send: not a single SELECT, or it would write or lock. */
public class QueryRejectedException extends IllegalArgumentException {

    public QueryRejectedException(String message) {
        super(message);
    }
}
