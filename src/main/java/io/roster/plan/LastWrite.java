package io.roster.plan;

import java.time.Instant;
import java.util.Map;

/** The managed values Roster last wrote for a person in one account, and when. */
public record LastWrite(Map<String, String> values, Instant at) {
}
