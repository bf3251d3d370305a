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
 *   synced: report             # a user synced from on-premises AD: report (a dead letter), or directory:
 *   directory: corp-writer     #   written to its AD entry over LDAP, through this roster.directories connection
 * </pre>
 * Roster never creates, deletes, disables or renames Entra users: it writes the mapped attributes of users it finds.
 */
public record EntraRules(List<String> match, Synced synced, String directory) {

    public static final List<String> MATCHES = List.of("mail", "userPrincipalName", "proxyAddresses");

    /** What becomes of a user synced from on-premises AD, whose attributes Graph refuses to write. */
    public enum Synced {
        /** A dead letter saying so. */
        REPORT,
        /** Written to its entry in on-premises AD over LDAP ({@code entra.directory}); Entra Connect brings it up. */
        DIRECTORY
    }

    @JsonCreator
    public static EntraRules parse(@JsonProperty("match") List<String> match, @JsonProperty("synced") String synced,
                                   @JsonProperty("directory") String directory) {
        Synced s = Synced.REPORT;
        if (synced != null) {
            s = java.util.stream.Stream.of(Synced.values()).filter(v -> v.name().equalsIgnoreCase(synced.strip()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("entra.synced must be report or"
                            + " directory, not '" + synced + "'"));
        }
        if (s == Synced.DIRECTORY && (directory == null || directory.isBlank())) {
            throw new IllegalArgumentException("entra.synced: directory needs entra.directory: the name of a write-capable"
                    + " directory connection (roster.directories.<name>.*)");
        }
        if (match == null || match.isEmpty()) {
            return new EntraRules(MATCHES, s, directory);
        }
        List<String> out = new ArrayList<>();
        for (String m : match) {
            String known = MATCHES.stream().filter(k -> k.equalsIgnoreCase(m.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("entra.match '" + m + "' is not one of "
                            + String.join(", ", MATCHES)));
            out.add(known);
        }
        return new EntraRules(List.copyOf(out), s, directory);
    }

    public static EntraRules defaults() {
        return new EntraRules(MATCHES, Synced.REPORT, null);
    }
}
