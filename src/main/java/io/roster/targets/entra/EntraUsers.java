package io.roster.targets.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roster.plan.EntraPlanner;
import io.roster.plan.EntraUser;
import io.roster.state.Json;
import io.roster.state.TargetCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Entra ID's read face: the tenant's users as a job needs them, learned leanly. The first run reads every user once by
 * the delta query and keeps them in the state store with the query's {@code @odata.deltaLink}; later runs ask only
 * for what changed since (Roster's own writes included) and merge it into the copy, so a run with nothing changed in
 * Entra costs one request. A copy is kept per tenant and per set of properties read (a mapping that reads other
 * attributes starts its own); a link Graph no longer honours starts over.
 */
@ApplicationScoped
public class EntraUsers {

    private static final Logger LOG = Logger.getLogger("io.roster.entra");

    private final TargetCache cache;
    private static final ObjectMapper JSON = new ObjectMapper();

    public EntraUsers(TargetCache cache) {
        this.cache = cache;
    }

    /** Users of a delta merged into the copy at a time. */
    private static final int SLICE = 5_000;

    /** Where Roster marks, in a user's copy, values it sent through a door Entra shows only later. */
    static final String SENT = "@roster.sent";

    private static String scope(String tenant, String select) {
        return "entra:" + tenant + ":" + Json.hex(Json.digest(select)).substring(0, 16);
    }

    /**
     * Values sent through a door Entra shows only later (on-premises AD, inbound provisioning), marked in the users'
     * copies with what Entra held, when they were sent and how often: while Entra still holds what it held, a run waits
     * for them rather than sending them again.
     */
    public void sent(String tenant, String select, List<EntraPlanner.Change> changes, Instant at) {
        String scope = scope(tenant, select);
        Map<String, EntraPlanner.Change> byUser = new HashMap<>();
        changes.forEach(c -> byUser.put(c.userId(), c));
        Map<String, String> bodies = cache.some(scope, byUser.keySet());
        Map<String, String> marked = new HashMap<>();
        bodies.forEach((id, body) -> {
            ObjectNode u = parse(body);
            ObjectNode sent = u.has(SENT) && u.get(SENT).isObject() ? (ObjectNode) u.get(SENT) : u.putObject(SENT);
            EntraPlanner.Change c = byUser.get(id);
            c.set().forEach((attribute, value) -> {
                JsonNode had = sent.get(attribute);
                int sends = had != null && value.equals(had.path("value").asText(null)) ? had.path("sends").asInt(1) + 1 : 1;
                sent.putObject(attribute).put("value", value).put("was", c.before().getOrDefault(attribute, ""))
                        .put("at", at.toString()).put("sends", sends);
            });
            marked.put(id, u.toString());
        });
        cache.put(scope, marked);
    }

    /** A user from its copy: as Graph gave it, with what Roster sent that Entra may not show yet. */
    private static EntraUser user(ObjectNode u) {
        EntraUser user = GraphClient.user(u);
        JsonNode sent = u.get(SENT);
        if (sent == null || !sent.isObject()) {
            return user;
        }
        Map<String, EntraUser.Sent> out = new HashMap<>();
        sent.fields().forEachRemaining(e -> {
            try {
                JsonNode m = e.getValue();
                out.put(e.getKey(), new EntraUser.Sent(m.path("value").asText(""), m.path("was").asText(""),
                        Instant.parse(m.path("at").asText()), m.path("sends").asInt(1)));
            } catch (java.time.format.DateTimeParseException unreadable) {
                // a mark Roster cannot read is no mark: the value is sent again if Entra does not show it
            }
        });
        return user.withSent(out);
    }

    /**
     * A user Graph reported changed keeps only the marks Entra has not settled: a mark goes once Entra shows its value,
     * or shows anything other than what it held when the value was sent (someone changed it since).
     */
    private static void settle(ObjectNode merged) {
        JsonNode sent = merged.get(SENT);
        if (sent == null || !sent.isObject()) {
            return;
        }
        Map<String, String> now = GraphClient.user(merged).values();
        List<String> settled = new ArrayList<>();
        sent.fields().forEachRemaining(e -> {
            String is = now.getOrDefault(e.getKey(), "");
            if (!is.equals(e.getValue().path("was").asText(""))) {
                settled.add(e.getKey());
            }
        });
        ((ObjectNode) sent).remove(settled);
        if (sent.isEmpty()) {
            merged.remove(SENT);
        }
    }

    /** The marks of an old copy, carried into a new full read, so a link Graph dropped does not resend everything. */
    private Map<String, JsonNode> marks(String scope) {
        Map<String, JsonNode> out = new HashMap<>();
        cache.each(scope, (id, body) -> {
            if (body.contains(SENT)) {
                JsonNode m = parse(body).get(SENT);
                if (m != null && m.isObject()) {
                    out.put(id, m);
                }
            }
        });
        return out;
    }

    /** Every user of the tenant with {@code select}'s properties, from the copy and the changes since. */
    public List<EntraUser> read(GraphClient client, String tenant, String select) {
        String scope = scope(tenant, select);
        Optional<String> link = cache.link(scope);
        if (link.isPresent()) {
            try {
                return merge(client, scope, link.get());
            } catch (GraphClient.DeltaExpired e) {
                LOG.warnf("Entra ID tenant %s: %s; reading every user again", tenant, e.getMessage());
            }
        }
        Map<String, JsonNode> marks = link.isPresent() ? marks(scope) : Map.of();
        GraphClient.DeltaRead all = client.delta(client.deltaStart(select));
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (ObjectNode u : all.users()) {
            String id = u.path("id").asText();
            if (u.has("@removed")) {
                byId.remove(id);
            } else {
                byId.merge(id, u, (had, again) -> had.setAll(again)); // a user a later page repeats: one user
            }
        }
        all.users().clear();
        Map<String, String> bodies = new LinkedHashMap<>();
        List<EntraUser> users = new ArrayList<>(byId.size());
        byId.forEach((id, u) -> {
            if (marks.containsKey(id)) {
                u.set(SENT, marks.get(id));
                settle(u);
            }
            bodies.put(id, u.toString());
            users.add(user(u));
        });
        byId.clear(); // the users are kept as read, not also as JSON trees, while the copy is saved
        cache.replace(scope, bodies, all.deltaLink());
        return users;
    }

    private List<EntraUser> merge(GraphClient client, String scope, String link) {
        GraphClient.DeltaRead changes = client.delta(link);
        // the users the delta names, each with all it reported (in order: a later page's word is the last)
        Map<String, ObjectNode> reported = new LinkedHashMap<>();
        Set<String> removed = new HashSet<>();
        for (ObjectNode u : changes.users()) {
            String id = u.path("id").asText();
            if (u.has("@removed")) {
                removed.add(id);
                reported.remove(id);
            } else {
                removed.remove(id);
                reported.merge(id, u, (had, again) -> had.setAll(again));
            }
        }
        changes.users().clear();
        // merged a slice at a time, each JSON tree let go once merged: a delta naming every user (the run after the
        // first, which reads back Roster's own writes) never holds the tenant three times over
        Map<String, String> changed = new HashMap<>();
        java.util.Iterator<Map.Entry<String, ObjectNode>> left = reported.entrySet().iterator();
        while (left.hasNext()) {
            Map<String, ObjectNode> slice = new LinkedHashMap<>();
            while (left.hasNext() && slice.size() < SLICE) {
                Map.Entry<String, ObjectNode> e = left.next();
                slice.put(e.getKey(), e.getValue());
                left.remove();
            }
            Map<String, String> before = cache.some(scope, slice.keySet());
            slice.forEach((id, u) -> {
                ObjectNode merged = before.containsKey(id) ? parse(before.get(id)) : JSON.createObjectNode();
                merged.setAll(u); // the properties that changed replace theirs; the rest stay as read before
                settle(merged);
                changed.put(id, merged.toString());
            });
        }
        cache.update(scope, changed, removed, changes.deltaLink());
        changed.clear();
        // the copy, streamed: a tenant's users are never held twice (its bodies and its users) at once
        List<EntraUser> users = new ArrayList<>();
        cache.each(scope, (id, body) -> users.add(user(parse(body))));
        return users;
    }

    private static ObjectNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
