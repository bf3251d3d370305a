package io.roster.source;

import java.util.List;

/** A source read that delivers its rows one by one (a SQL cursor) instead of all at once. */
public interface RowStream {

    /** How the source is named in messages, e.g. "SQL source hr". */
    String origin();

    /** The column names the read offers. */
    List<String> columns();
}
