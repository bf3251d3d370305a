package io.roster.targets.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roster.mapping.Emails;
import io.roster.plan.SignAction.GroupAssignment;
import io.roster.plan.SignAction;
import io.roster.plan.SignGroup;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Applies one {@link SignAction} to its account with as few calls as the API allows: a create is
 * {@code POST users} plus, only when the group is not the default or a role is set, {@code PUT users/{id}/groups}.
 * A create whose earlier attempt may have landed (a timeout, a dropped connection) is never repeated blindly: a
 * 409 answer means the user exists, and Roster carries on with that user.
 */
public final class SignWriter {

    private final int pageSize;

    public SignWriter(int pageSize) {
        this.pageSize = pageSize;
    }

    /** Applies the action; returns the user's id. */
    public String apply(SignAction a, SignClient client, SignOrgState state) {
        String id = a.userId();
        if (a.kind() == SignAction.Kind.CREATE) {
            id = create(a, client, state.lastUserPage());
        }
        if (SignUser.ACTIVE.equals(a.state())) {
            setState(client, id, SignUser.ACTIVE, "Back in the source: reactivated by Roster");
        }
        if (a.kind() != SignAction.Kind.CREATE && (!a.profile().isEmpty() || a.accountAdmin() != null)) {
            updateProfile(a, client, id);
        }
        if (!a.groups().isEmpty()) {
            putGroups(a, client, state, id);
        }
        if (SignUser.INACTIVE.equals(a.state())) {
            setState(client, id, SignUser.INACTIVE, "Not in the source: deactivated by Roster");
        }
        return id;
    }

    private String create(SignAction a, SignClient client, String lastUserPage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", a.email());
        body.putAll(a.profile());
        body.put("isAccountAdmin", Boolean.TRUE.equals(a.accountAdmin()));
        try {
            JsonNode created = client.post("users", body);
            String id = created.path("id").asText(created.path("userId").asText(""));
            if (id.isEmpty()) {
                throw new SignApiException("POST users", 0, "UNEXPECTED_RESPONSE", "no user id in the answer");
            }
            return id;
        } catch (SignApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // Already there: an earlier attempt of ours landed (its answer was lost), or someone created the user
            // since the read. Either way the user is there: the create is done, and the rest of the action goes on.
            // Sign has no look-up by email, so the user list is paged up to the user, and no further — from the page
            // that was last when the account was read, where a user created since is found at once in an account
            // that lists users in the order they came, then, if not there, from the start.
            String key = Emails.key(a.email());
            Predicate<ListEntry> theirs = u -> Emails.key(u.text("email", "")).equals(key);
            Optional<ListEntry> found = lastUserPage == null ? Optional.empty()
                    : client.find("users", pageSize, "userInfoList", lastUserPage, theirs);
            String id = found.or(() -> client.find("users", pageSize, "userInfoList", null, theirs))
                    .map(u -> u.text("id", "")).orElse("");
            if (id.isEmpty()) {
                throw new SignApiException("POST users", 409, e.code(), "Sign says a user with this email exists, but"
                        + " this account's user list has none (the email may belong to another Sign account)");
            }
            return id;
        }
    }

    /** Sign's PUT users/{id} takes the whole record, so the current one is read and only the managed fields change. */
    private static void updateProfile(SignAction a, SignClient client, String id) {
        JsonNode current = client.get("users/" + id);
        if (!(current instanceof ObjectNode detail)) {
            throw new SignApiException("GET users/{id}", 0, "UNEXPECTED_RESPONSE", "no user record in the answer");
        }
        a.profile().forEach(detail::put);
        if (a.accountAdmin() != null) {
            detail.put("isAccountAdmin", a.accountAdmin());
        }
        client.put("users/" + id, detail);
    }

    private static void putGroups(SignAction a, SignClient client, SignOrgState state, String id) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (GroupAssignment g : a.groups()) {
            SignGroup group = state.group(g.groupName());
            if (group == null) {
                throw new SignApiException("PUT users/{id}/groups", 0, "GROUP_MISSING",
                        "Sign group '" + g.groupName() + "' does not exist and could not be created");
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", group.id());
            e.put("name", group.name());
            e.put("isPrimaryGroup", g.primary());
            e.put("isGroupAdmin", g.groupAdmin());
            if (g.remove()) {
                e.put("status", "DELETED"); // the membership ends (accounts with users in multiple groups)
            }
            entries.add(e);
        }
        client.put("users/" + id + "/groups", Map.of("groupInfoList", entries));
    }

    private static void setState(SignClient client, String id, String state, String comment) {
        client.put("users/" + id + "/state", Map.of("state", state, "comment", comment));
    }

    /** Creates a group rules name but the account lacks; a 409 means it appeared meanwhile, so it is looked up. */
    public SignGroup createGroup(SignClient client, String name) {
        try {
            JsonNode created = client.post("groups", Map.of("name", name, "isDefaultGroup", false));
            String id = created.path("id").asText(created.path("groupId").asText(""));
            return new SignGroup(id, name, false);
        } catch (SignApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            return client.find("groups", pageSize, "groupInfoList", null, g -> g.text("groupName", "").equalsIgnoreCase(name))
                    .map(g -> new SignGroup(g.text("groupId", g.text("id", "")), g.text("groupName"), false))
                    .orElseThrow(() -> e);
        }
    }
}
