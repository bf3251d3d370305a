package io.roster.targets.sign;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.targets.sign.SignUser.Membership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads what the planner needs from one Sign account, leanly: the user list and the group list page by page,
 * then each group's member list — a handful of calls per account instead of two per user. Only users whose
 * list entry lacks a status are fetched one by one.
 */
public final class SignStateReader {

    private final int pageSize;

    public SignStateReader(int pageSize) {
        this.pageSize = pageSize;
    }

    public SignOrgState read(SignClient client) {
        Map<String, JsonNode> users = new LinkedHashMap<>();
        client.forEachPage("users", pageSize, "userInfoList", u -> users.put(u.path("id").asText(), u));

        List<SignGroup> groups = new ArrayList<>();
        client.forEachPage("groups", pageSize, "groupInfoList", g -> groups.add(new SignGroup(
                g.path("groupId").asText(g.path("id").asText()),
                g.path("groupName").asText(g.path("name").asText()),
                g.path("isDefaultGroup").asBoolean(false))));
        if (groups.stream().noneMatch(SignGroup::isDefault)) {
            throw new SignApiException("GET groups", 0, "UNEXPECTED_RESPONSE", "the account has no default group");
        }

        Map<String, List<Membership>> memberships = new HashMap<>();
        for (SignGroup g : groups) {
            client.forEachPage("groups/" + g.id() + "/users", pageSize, "userInfoList", m ->
                    memberships.computeIfAbsent(m.path("id").asText(), k -> new ArrayList<>()).add(new Membership(
                            g.id(), g.name(), m.path("isGroupAdmin").asBoolean(false),
                            m.path("isPrimaryGroup").asBoolean(false))));
        }

        List<SignUser> result = new ArrayList<>(users.size());
        for (JsonNode u : users.values()) {
            String id = u.path("id").asText();
            String status = u.path("status").asText(null);
            if (status == null) {
                status = client.get("users/" + id).path("status").asText(SignUser.ACTIVE);
            }
            result.add(new SignUser(id, u.path("email").asText(), text(u, "firstName"), text(u, "lastName"),
                    text(u, "company"), u.path("isAccountAdmin").asBoolean(false), status,
                    List.copyOf(memberships.getOrDefault(id, List.of()))));
        }
        return new SignOrgState(client.org(), result, groups);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
