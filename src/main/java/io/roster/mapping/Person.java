package io.roster.mapping;

import java.util.Map;
import java.util.Set;

/**
 * A person as the targets see them, after mapping.
 *
 * @param key    {@link Emails#key(String)} of the email: how people are matched everywhere
 * @param email  the email to write (trimmed, NFC, case as in the source)
 * @param fields mapped target fields other than email and groups (e.g. firstName, lastName); only mapped fields
 *               are present, so a target never touches a field the admin did not map
 * @param groups directory groups, in source order, as written in the source
 * @param rows   the source records this person came from (more than one when rows were merged)
 */
public record Person(String key, String email, Map<String, String> fields, Set<String> groups, String rows) {

    public String field(String name) {
        return fields.get(name);
    }

    public boolean inGroup(String group) {
        for (String g : groups) {
            if (g.equalsIgnoreCase(group)) {
                return true;
            }
        }
        return false;
    }
}
