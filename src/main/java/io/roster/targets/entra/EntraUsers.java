package io.roster.targets.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** Where Roster marks, in a user's copy, values it sent through a door Entra shows only later. */
    static final String SENT = "@roster.sent";

    private static String scope(String tenant, String select) {
        return "entra:" + tenant + ":" + Json.hex(Json.digest(select)).substring(0, 16);
    }

    /**
     * Values sent through a door Entra shows only later (on-premises AD, inbound provisioning), marked in the users'
     * copies with when they were sent: until Entra shows them, a run waits for them rather than sending them again.
     */
    public void sent(String tenant, String select, Map<String, Map<String, String>> valuesByUserId, Instant at) {
        String scope = scope(tenant, select);
        Map<String, String> bodies = cache.some(scope, valuesByUserId.keySet());
        Map<String, String> marked = new HashMap<>();
        bodies.forEach((id, body) -> {
            ObjectNode u = parse(body);
            ObjectNode sent = u.has(SENT) && u.get(SENT).isObject() ? (ObjectNode) u.get(SENT) : u.putObject(SENT);
            valuesByUserId.get(id).forEach((attribute, value) -> sent.putObject(attribute).put("value", value)
                    .put("at", at.toString()));
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
                out.put(e.getKey(), new EntraUser.Sent(e.getValue().path("value").asText(""),
                        Instant.parse(e.getValue().path("at").asText())));
            } catch (java.time.format.DateTimeParseException unreadable) {
                // a mark Roster cannot read is no mark: the value is sent again if Entra does not show it
            }
        });
        return user.withSent(out);
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
        Map<String, String> bodies = new LinkedHashMap<>();
        List<EntraUser> users = new ArrayList<>(byId.size());
        byId.forEach((id, u) -> {
            bodies.put(id, u.toString());
            users.add(GraphClient.user(u));
        });
        cache.replace(scope, bodies, all.deltaLink());
        return users;
    }

    private List<EntraUser> merge(GraphClient client, String scope, String link) {
        GraphClient.DeltaRead changes = client.delta(link);
        Map<String, String> copy = cache.load(scope);
        Map<String, String> changed = new HashMap<>();
        Set<String> removed = new HashSet<>();
        for (ObjectNode u : changes.users()) {
            String id = u.path("id").asText();
            if (u.has("@removed")) {
                removed.add(id);
                copy.remove(id);
                changed.remove(id);
                continue;
            }
            ObjectNode merged = copy.containsKey(id) ? parse(copy.get(id)) : JSON.createObjectNode();
            merged.setAll(u); // the properties that changed replace theirs; the rest stay as read before
            String body = merged.toString();
            copy.put(id, body);
            changed.put(id, body);
        }
        cache.update(scope, changed, removed, changes.deltaLink());
        List<EntraUser> users = new ArrayList<>(copy.size());
        copy.values().forEach(body -> users.add(user(parse(body))));
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
