package io.roster.steps;

import io.roster.source.RowStream;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/** Where a streaming read lives while a route splits it: an exchange property, closed when the exchange completes. */
public final class OpenReads {

    /** The exchange property that holds the open read (the mapping step reads its origin and columns). */
    public static final String READ = "read";

    private OpenReads() {
    }

    /** Keeps the read on the exchange and closes it when the run's exchange completes, however it ends. */
    public static <R extends RowStream & AutoCloseable> R attach(Exchange exchange, R read) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    read.close();
                } catch (Exception ignored) {
                    // closing after the run: nothing is left to report it to
                }
            }
        });
        exchange.setProperty(READ, read);
        return read;
    }
}
