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
    private final ObjectMapper json = new ObjectMapper();

    public EntraUsers(TargetCache cache) {
        this.cache = cache;
    }

    /** Every user of the tenant with {@code select}'s properties, from the copy and the changes since. */
    public List<EntraUser> read(GraphClient client, String tenant, String select) {
        String scope = "entra:" + tenant + ":" + Json.hex(Json.digest(select)).substring(0, 16);
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
            ObjectNode merged = copy.containsKey(id) ? parse(copy.get(id)) : json.createObjectNode();
            merged.setAll(u); // the properties that changed replace theirs; the rest stay as read before
            String body = merged.toString();
            copy.put(id, body);
            changed.put(id, body);
        }
        cache.update(scope, changed, removed, changes.deltaLink());
        List<EntraUser> users = new ArrayList<>(copy.size());
        copy.values().forEach(body -> users.add(GraphClient.user(parse(body))));
        return users;
    }

    private ObjectNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
