package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code entra:} section of a job file.
 * <pre>
 * entra:
 *   match: [mail, userPrincipalName, proxyAddresses]   # the default: a person's email against any of them
 *   synced: report             # a user synced from on-premises AD: report (a dead letter), directory or provisioning
 *   directory: corp-writer     #   directory: written to its AD entry over LDAP, through this roster.directories connection
 *   provisioning:              #   provisioning: sent to Entra's API-driven inbound provisioning (bulkUpload)
 *     service-principal: 00000000-…   # the provisioning app's service principal (object) id
 *     job: API2AAD.…                  # its provisioning job id
 *     match: employeeId               # the Entra attribute the app matches externalId with (its default)
 *     attributes:                     # SCIM paths the app maps, where they differ from Roster's defaults
 *       officeLocation: "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:office"
 * </pre>
 * Roster never creates, deletes, disables or renames Entra users: it writes the mapped attributes of users it finds.
 */
public record EntraRules(List<String> match, Synced synced, String directory, Provisioning provisioning) {

    public static final List<String> MATCHES = List.of("mail", "userPrincipalName", "proxyAddresses");

    /** What becomes of a user synced from on-premises AD, whose attributes Graph refuses to write. */
    public enum Synced {
        /** A dead letter saying so. */
        REPORT,
        /** Written to its entry in on-premises AD over LDAP ({@code entra.directory}); Entra Connect brings it up. */
        DIRECTORY,
        /** Sent to the tenant's API-driven inbound provisioning app ({@code entra.provisioning}), which writes it. */
        PROVISIONING
    }

    /**
     * Where the provisioning door sends: the app's service principal and job, the Entra attribute the app matches a
     * record's {@code externalId} with, and SCIM paths that replace Roster's defaults for some attributes.
     */
    public record Provisioning(String servicePrincipal, String job, String match, Map<String, String> attributes) {

        @JsonCreator
        public static Provisioning parse(@JsonProperty("service-principal") String servicePrincipal,
                                         @JsonProperty("job") String job, @JsonProperty("match") String match,
                                         @JsonProperty("attributes") Map<String, String> attributes) {
            if (servicePrincipal == null || servicePrincipal.isBlank() || job == null || job.isBlank()) {
                throw new IllegalArgumentException("entra.provisioning needs service-principal (the provisioning app's"
                        + " object id) and job (its provisioning job id), as the app's Provisioning page shows them");
            }
            Map<String, String> paths = new LinkedHashMap<>();
            if (attributes != null) {
                attributes.forEach((attribute, path) -> {
                    if (path == null || path.isBlank()) {
                        throw new IllegalArgumentException("entra.provisioning.attributes." + attribute
                                + " needs a SCIM attribute path");
                    }
                    paths.put(attribute, path.strip());
                });
            }
            return new Provisioning(servicePrincipal.strip(), job.strip(),
                    match == null || match.isBlank() ? "employeeId" : match.strip(), Map.copyOf(paths));
        }
    }

    @JsonCreator
    public static EntraRules parse(@JsonProperty("match") List<String> match, @JsonProperty("synced") String synced,
                                   @JsonProperty("directory") String directory,
                                   @JsonProperty("provisioning") Provisioning provisioning) {
        Synced s = Synced.REPORT;
        if (synced != null) {
            s = java.util.stream.Stream.of(Synced.values()).filter(v -> v.name().equalsIgnoreCase(synced.strip()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("entra.synced must be report,"
                            + " directory or provisioning, not '" + synced + "'"));
        }
        if (s == Synced.DIRECTORY && (directory == null || directory.isBlank())) {
            throw new IllegalArgumentException("entra.synced: directory needs entra.directory: the name of a write-capable"
                    + " directory connection (roster.directories.<name>.*)");
        }
        if (s == Synced.PROVISIONING && provisioning == null) {
            throw new IllegalArgumentException("entra.synced: provisioning needs entra.provisioning: service-principal and"
                    + " job of the tenant's API-driven inbound provisioning app");
        }
        if (match == null || match.isEmpty()) {
            return new EntraRules(MATCHES, s, directory, provisioning);
        }
        List<String> out = new ArrayList<>();
        for (String m : match) {
            String known = MATCHES.stream().filter(k -> k.equalsIgnoreCase(m.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("entra.match '" + m + "' is not one of "
                            + String.join(", ", MATCHES)));
            out.add(known);
        }
        return new EntraRules(List.copyOf(out), s, directory, provisioning);
    }

    /** The older form, without the provisioning door. */
    public static EntraRules parse(List<String> match, String synced, String directory) {
        return parse(match, synced, directory, null);
    }

    public static EntraRules defaults() {
        return new EntraRules(MATCHES, Synced.REPORT, null, null);
    }
}
