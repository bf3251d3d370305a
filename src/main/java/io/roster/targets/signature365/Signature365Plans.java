package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.state.Json;
import io.roster.state.Plans;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A Signature 365 job's plans ({@link io.roster.targets.StoredPlans}): each change with the person, the fields sent
 * and what Roster last sent them (Signature 365 has no read face: Roster's own record is the target state it saw),
 * and why — the source record, or that the person left the source.
 */
final class Signature365Plans {

    private Signature365Plans() {
    }

    static String action(Signature365Upsert u, boolean clearing) {
        return clearing ? "clear" : u.known() ? "update" : "create";
    }

    /** A change's identity: the person, what would be sent, and what Roster last sent them (a send since shows). */
    static String fingerprint(Signature365Upsert u, boolean clearing) {
        Map<String, String> identity = new TreeMap<>();
        u.fields().forEach((k, v) -> identity.put("after." + k, v));
        u.before().forEach((k, v) -> identity.put("before." + k, v));
        identity.put("~target", Signature365Target.NAME);
        identity.put("~key", u.key());
        identity.put("~action", action(u, clearing));
        return Json.hex(Json.digest(identity));
    }

    static Plans.Planned planned(Signature365Upsert u, boolean clearing, boolean held) {
        String why = clearing
                ? "left the source (signature365.vanished: clear); " + sent(u)
                : "source: " + u.rows() + "; " + sent(u);
        return new Plans.Planned(Signature365Target.NAME, u.key(), u.email(), action(u, clearing),
                fingerprint(u, clearing), detail(u), u.before(), u.fields(), why, held);
    }

    private static String sent(Signature365Upsert u) {
        return u.before().isEmpty() ? "Roster has not sent this person before" : "Roster last sent them "
                + new TreeMap<>(u.before()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The fields that change, before → after. */
    private static String detail(Signature365Upsert u) {
        TreeSet<String> names = new TreeSet<>(u.fields().keySet());
        names.addAll(u.before().keySet());
        return names.stream()
                .filter(n -> !Objects.equals(u.before().getOrDefault(n, ""), u.fields().getOrDefault(n, "")))
                .map(n -> n + ": '" + u.before().getOrDefault(n, "") + "' → '" + u.fields().getOrDefault(n, "") + "'")
                .collect(Collectors.joining(", "));
    }
}
