package io.roster.source.sql;

import io.roster.source.SourceRow;

import java.sql.DriverManager;
import java.time.Duration;

/** Run in a JVM of its own with a small heap by {@link SqlReadStreamingTest}: reads every row, prints the count. */
public final class StreamingReadProbe {

    public static void main(String[] args) throws Exception {
        try (SqlRead read = SqlRead.open("probe", SqlSources.forReading(DriverManager.getConnection(args[0], "postgres", "postgres")),
                "SELECT id, email, filler FROM big", 1000, Duration.ofMinutes(5))) {
            long n = 0;
            while (read.hasNext()) {
                SourceRow r = read.next();
                if (r.get("email") != null) {
                    n++;
                }
            }
            System.out.println("rows=" + n);
        }
    }
}
