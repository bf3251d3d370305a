package io.roster.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An Entra ID user as Graph returned it: identity, the addresses people are matched by, whether it is mastered in
 * on-premises AD ({@code onPremisesSyncEnabled}) and its entry there ({@code onPremisesDistinguishedName}), and the
 * values of the mapped attributes ("" when empty). {@code sent}: values Roster wrote through a door Entra shows only
 * later (on-premises AD, inbound provisioning), by attribute, and when.
 */
public record EntraUser(String id, String userPrincipalName, String mail, List<String> proxyAddresses, boolean synced,
                        String onPremisesDistinguishedName, Map<String, String> values, Map<String, Sent> sent) {

    /** A value sent to a door that writes later, and when it was sent. */
    public record Sent(String value, Instant at) {
    }

    public EntraUser(String id, String userPrincipalName, String mail, List<String> proxyAddresses, boolean synced,
                     String onPremisesDistinguishedName, Map<String, String> values) {
        this(id, userPrincipalName, mail, proxyAddresses, synced, onPremisesDistinguishedName, values, Map.of());
    }

    public EntraUser withSent(Map<String, Sent> sent) {
        return new EntraUser(id, userPrincipalName, mail, proxyAddresses, synced, onPremisesDistinguishedName, values,
                sent);
    }
}
