package io.roster.plan;

import java.util.List;
import java.util.Map;

/**
 * An Entra ID user as Graph returned it: identity, the addresses people are matched by, whether it is mastered in
 * on-premises AD ({@code onPremisesSyncEnabled}) and its entry there ({@code onPremisesDistinguishedName}), and the
 * values of the mapped attributes ("" when empty).
 */
public record EntraUser(String id, String userPrincipalName, String mail, List<String> proxyAddresses, boolean synced,
                        String onPremisesDistinguishedName, Map<String, String> values) {
}
