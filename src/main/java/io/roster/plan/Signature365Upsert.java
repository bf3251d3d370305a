package io.roster.plan;

import io.roster.state.StoredValues;

import java.util.Map;

/**
 * One person to send to Signature 365: their mapped field tokens, and what Roster sent last time (for the audit).
 *
 * @param key    the person's key (email, lowercased)
 * @param email  the email as the source has it
 * @param fields field token to value, exactly what is sent
 * @param stored the fields as the state store keeps them: JSON text and content hash
 * @param before what Roster last sent (empty for someone new)
 * @param known  whether Roster has sent this person before (their sync state exists)
 * @param rows   the source records behind them
 */
public record Signature365Upsert(String key, String email, Map<String, String> fields, StoredValues stored,
                                 Map<String, String> before, boolean known, String rows) {

    /** The fields' content hash. */
    public String hash() {
        return stored.hash();
    }
}
