package io.roster.targets.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * How Roster builds the HTTP client of a target: HTTP/1.1, kept-alive connections, a bounded connect time.
 * <p>
 * Its completions run on the client's own selector thread instead of hopping to a worker pool: Roster only ever sends
 * synchronously and reads small bodies into byte arrays, and the hand-offs between threads were the larger part of
 * the client's CPU (an initial sync of 30,000 into Sign: 24.8 s of CPU, 17.4 s without them).
 */
public final class TargetHttpClients {

    /**
     * Seconds an idle kept-alive connection stays in the JDK client's pool (read once per JVM, when the first client
     * is built). The JDK keeps one 20 minutes; servers and load balancers close theirs much sooner (the JDK's own
     * server after 30 s), and a request sent on a connection the server is just closing fails as a dropped
     * connection. Closing ours first avoids that race. An explicit -Djdk.httpclient.keepalive.timeout wins.
     */
    static final String KEEP_ALIVE = "jdk.httpclient.keepalive.timeout";
    static final String IDLE_SECONDS = "20";

    static {
        if (System.getProperty(KEEP_ALIVE) == null) {
            System.setProperty(KEEP_ALIVE, IDLE_SECONDS);
        }
    }

    private TargetHttpClients() {
    }

    public static HttpClient build(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(Runnable::run).build();
    }
}
