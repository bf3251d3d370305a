package io.roster.targets.sign;

import io.roster.targets.sign.SignUser.Membership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Loads what the planner needs from one Sign account, leanly: the user list and the group list page by page,
 * then each group's member list — a handful of calls per account instead of two per user. Only users whose
 * list entry lacks a status are fetched one by one.
 * <p>
 * The member lists are independent cursor chains, so they are read on the given executor while this thread reads
 * the user list: the account's read takes about as long as its longest chain, not their sum. Each list entry is
 * kept only as the few fields the planner uses, never as its JSON.
 */
public final class SignStateReader {

    private final int pageSize;
    private final Executor executor;

    public SignStateReader(int pageSize) {
        this(pageSize, Runnable::run);
    }

    public SignStateReader(int pageSize, Executor executor) {
        this.pageSize = pageSize;
        this.executor = executor;
    }

    /** A user list entry: what the list tells of one user before their memberships are known. */
    private record Listed(String id, String email, String firstName, String lastName, String company,
                          boolean accountAdmin, String status) {
    }

    public SignOrgState read(SignClient client) {
        List<SignGroup> groups = new ArrayList<>();
        client.forEachPage("groups", pageSize, "groupInfoList", g -> groups.add(new SignGroup(
                g.text("groupId", g.text("id", "")), g.text("groupName", g.text("name", "")), g.bool("isDefaultGroup"))));
        if (groups.stream().noneMatch(SignGroup::isDefault)) {
            throw new SignApiException("GET groups", 0, "UNEXPECTED_RESPONSE", "the account has no default group");
        }

        Map<String, List<Membership>> memberships = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> members = new ArrayList<>(groups.size());
        for (SignGroup g : groups) {
            members.add(CompletableFuture.runAsync(() -> client.forEachPage("groups/" + g.id() + "/users", pageSize,
                    "userInfoList", m -> memberships.compute(m.text("id", ""), (id, list) -> {
                        List<Membership> out = list == null ? new ArrayList<>(1) : list;
                        out.add(new Membership(g.id(), g.name(), m.bool("isGroupAdmin"), m.bool("isPrimaryGroup")));
                        return out;
                    })), executor));
        }

        List<Listed> users = new ArrayList<>();
        try {
            client.forEachPage("users", pageSize, "userInfoList", u -> users.add(new Listed(u.text("id", ""),
                    u.text("email", ""), u.text("firstName"), u.text("lastName"), u.text("company"),
                    u.bool("isAccountAdmin"), u.text("status"))));
        } catch (RuntimeException e) {
            members.forEach(f -> f.exceptionally(x -> null).join()); // none still calling once the read has failed
            throw e;
        }
        awaitAll(members);
        // the lists arrive in any order: a user's memberships are kept in the account's group order
        Map<String, Integer> groupOrder = new HashMap<>();
        groups.forEach(g -> groupOrder.putIfAbsent(g.id(), groupOrder.size()));
        Comparator<Membership> inGroupOrder = Comparator.comparing(m -> groupOrder.get(m.groupId()));

        List<SignUser> result = new ArrayList<>(users.size());
        for (Listed u : users) {
            String status = u.status();
            if (status == null) {
                status = client.get("users/" + u.id()).path("status").asText(SignUser.ACTIVE);
            }
            result.add(new SignUser(u.id(), u.email(), u.firstName(), u.lastName(), u.company(), u.accountAdmin(),
                    status, sorted(memberships.get(u.id()), inGroupOrder)));
        }
        return new SignOrgState(client.org(), result, groups);
    }

    private static List<Membership> sorted(List<Membership> list, Comparator<Membership> order) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > 1) {
            list.sort(order);
        }
        return List.copyOf(list);
    }

    /** Waits for every member list, even after one failed, so none is still calling when the read gives up. */
    private static void awaitAll(List<CompletableFuture<Void>> members) {
        try {
            CompletableFuture.allOf(members.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
