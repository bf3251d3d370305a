package io.roster.state;

import java.time.Instant;

/**
 * Where a job's next incremental read may start.
 *
 * @param watermark  the highest change time (as the source writes it, e.g. LDAP generalized time) the read saw
 * @param fullReadAt when the source was last read in full; null if never
 */
public record SourceWatermark(String watermark, Instant fullReadAt) {
}
