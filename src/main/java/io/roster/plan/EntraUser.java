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

    /**
     * A value sent to a door that writes later: the value, what Entra held when it was sent, when it was last sent and
     * how many times it has been.
     */
    public record Sent(String value, String was, Instant at, int sends) {
    }

    public EntraUser(String id, String userPrincipalName, String mail, List<String> proxyAddresses, boolean synced,
                     String onPremisesDistinguishedName, Map<String, String> values) {
        this(id, userPrincipalName, mail, proxyAddresses, synced, onPremisesDistinguishedName, values, Map.of());
    }

    public EntraUser withSent(Map<String, Sent> sent) {
        return new EntraUser(id, userPrincipalName, mail, proxyAddresses, synced, onPremisesDistinguishedName, values,
                sent);
    }

    /**
     * What the user holds, or will once a value sent through a later door shows: a sent value stands in while Entra
     * still holds what it held when the value was sent.
     */
    public Map<String, String> standing() {
        if (sent.isEmpty()) {
            return values;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(values);
        sent.forEach((field, s) -> {
            if (s.was().equals(values.getOrDefault(field, ""))) {
                out.put(field, s.value());
            }
        });
        return out;
    }
}
