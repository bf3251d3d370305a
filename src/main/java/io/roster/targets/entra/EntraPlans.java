package io.roster.targets.entra;

import io.roster.plan.EntraPlanner;
import io.roster.state.Json;
import io.roster.state.Plans;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An Entra ID job's plans ({@link io.roster.targets.StoredPlans}): each change with the user, the attributes before →
 * after, and why — the source record, and what Entra held (its value as Roster last read it).
 */
final class EntraPlans {

    private EntraPlans() {
    }

    /** A change's identity: the user, the action, and the values it starts from and sets. */
    static String fingerprint(EntraPlanner.Change c, String action) {
        Map<String, String> identity = new TreeMap<>();
        c.set().forEach((k, v) -> identity.put("after." + k, v));
        c.before().forEach((k, v) -> identity.put("before." + k, v));
        identity.put("~target", EntraTarget.NAME);
        identity.put("~user", c.userId());
        identity.put("~action", action);
        return Json.hex(Json.digest(identity));
    }

    static Plans.Planned planned(EntraPlanner.Change c, String action, boolean held, String detail) {
        String had = c.before().isEmpty() ? "" : "; Entra held " + new TreeMap<>(c.before()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        String why = (action.equals("clear") ? "the source leaves them empty; " : "") + "source: " + c.rows()
                + "; matched " + c.userPrincipalName() + (c.directoryDn() != null ? " (synced: written in "
                + c.directoryDn() + ")" : "") + had;
        return new Plans.Planned(EntraTarget.NAME, c.key(), c.email(), action, fingerprint(c, action), detail,
                c.before(), c.set(), why, held);
    }
}
