package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code entra:} section of a job file.
 * <pre>
 * entra:
 *   match: [mail, userPrincipalName, proxyAddresses]   # the default: a person's email against any of them
 *   door: graph                                       # how attributes are written; graph is the one built so far
 * </pre>
 * Roster never creates, deletes, disables or renames Entra users: it writes the mapped attributes of users it finds.
 */
public record EntraRules(List<String> match) {

    public static final List<String> MATCHES = List.of("mail", "userPrincipalName", "proxyAddresses");

    @JsonCreator
    public static EntraRules parse(@JsonProperty("match") List<String> match, @JsonProperty("door") String door) {
        if (door != null && !door.strip().equalsIgnoreCase("graph")) {
            throw new IllegalArgumentException("entra.door '" + door + "' is not built yet: Roster writes Entra ID"
                    + " through Microsoft Graph (entra.door: graph); users synced from on-premises AD are reported");
        }
        if (match == null || match.isEmpty()) {
            return new EntraRules(MATCHES);
        }
        List<String> out = new ArrayList<>();
        for (String m : match) {
            String known = MATCHES.stream().filter(k -> k.equalsIgnoreCase(m.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("entra.match '" + m + "' is not one of "
                            + String.join(", ", MATCHES)));
            out.add(known);
        }
        return new EntraRules(List.copyOf(out));
    }

    public static EntraRules defaults() {
        return new EntraRules(MATCHES);
    }
}
