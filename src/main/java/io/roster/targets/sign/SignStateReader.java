package io.roster.targets.sign;

import com.fasterxml.jackson.databind.JsonNode;
import io.roster.plan.SignGroup;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignUser.Membership;
import io.roster.plan.SignUser;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Loads what the planner needs from one Sign account, leanly: the user list and the group list page by page, then
 * each group's member list — a handful of calls per account instead of two per user.
 * <p>
 * Sign's documented list shapes carry neither a user's status nor which membership is primary; only {@code GET
 * users/{id}} does. So those come, in this order, from the lists when they do carry them (a richer shape is used, never
 * needed), from the membership itself when a user is in exactly one group (its primary), from what Roster last learned
 * ({@link SignUserFact}) while it is not due for re-checking, and only then from a detail read — in parallel on the
 * given executor. What a detail read shows is returned to be remembered, with what changed since it was last known.
 * <p>
 * The member lists are independent cursor chains, so they are read on the executor while this thread reads the user
 * list. Each list entry is kept only as the few fields the planner uses, never as its JSON.
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

    /**
     * One account's read: its state; the facts read in detail this time, to remember; and what those show changed
     * since Roster last knew it ("ann@example.com: status ACTIVE → INACTIVE"), i.e. what someone did in Sign.
     */
    /**
     * @param oldestKnown when the oldest remembered fact this read relied on was learned (epoch milliseconds): within
     *                    the re-check window while re-checks keep up; the read's time when it relied on none
     */
    public record Read(SignOrgState state, List<SignUserFact> learned, List<String> drifted, int detailsRead,
                       long oldestKnown) {
    }

    /** A user list entry: what the list tells of one user before their memberships are known. */
    private record Listed(String id, String email, String firstName, String lastName, String company,
                          boolean accountAdmin, String status) {
    }

    /** A membership as a member list shows it; {@code primary} is null where the list does not say. */
    private record Seen(String groupId, String groupName, boolean groupAdmin, Boolean primary) {
    }

    /** Reads everything afresh: nothing known, every status and primary group from the lists or a detail read. */
    public SignOrgState read(SignClient client) {
        return read(client, Map.of(), Instant.now(), Duration.ZERO).state();
    }

    /**
     * @param known  what Roster last learned of the account's users, by id
     * @param window how long a learned fact stands before it is read again (each user within it)
     */
    public Read read(SignClient client, Map<String, SignUserFact> known, Instant now, Duration window) {
        return read(client, CompletableFuture.completedFuture(known), now, window);
    }

    /** As {@link #read(SignClient, Map, Instant, Duration)}, with what is known still arriving while the lists are read. */
    public Read read(SignClient client, CompletableFuture<Map<String, SignUserFact>> knowing, Instant now, Duration window) {
        List<SignGroup> groups = new ArrayList<>();
        client.forEachPage("groups", pageSize, "groupInfoList", g -> groups.add(new SignGroup(
                g.text("groupId", g.text("id", "")), g.text("groupName", g.text("name", "")), g.bool("isDefaultGroup"))));
        if (groups.stream().noneMatch(SignGroup::isDefault)) {
            throw new SignApiException("GET groups", 0, "UNEXPECTED_RESPONSE", "the account has no default group");
        }
        Map<String, SignGroup> groupsById = new HashMap<>();
        groups.forEach(g -> groupsById.putIfAbsent(g.id(), g));

        Map<String, List<Seen>> memberships = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> members = new ArrayList<>(groups.size());
        for (SignGroup g : groups) {
            members.add(CompletableFuture.runAsync(() -> client.forEachPage("groups/" + g.id() + "/users", pageSize,
                    "userInfoList", m -> memberships.compute(m.text("id", ""), (id, list) -> {
                        List<Seen> out = list == null ? new ArrayList<>(1) : list;
                        String primary = m.text("isPrimaryGroup");
                        out.add(new Seen(g.id(), g.name(), m.bool("isGroupAdmin"),
                                primary == null ? null : Boolean.valueOf(primary)));
                        return out;
                    })), executor));
        }

        List<Listed> users = new ArrayList<>();
        String lastUserPage;
        try {
            lastUserPage = client.forEachPage("users", pageSize, "userInfoList", u -> users.add(new Listed(u.text("id", ""),
                    u.text("email", ""), u.text("firstName"), u.text("lastName"), u.text("company"),
                    u.bool("isAccountAdmin"), u.text("status"))));
        } catch (RuntimeException e) {
            members.forEach(f -> f.exceptionally(x -> null).join()); // none still calling once the read has failed
            throw e;
        }
        awaitAll(members);
        Map<String, SignUserFact> known = joined(knowing);
        // the lists arrive in any order: a user's memberships are kept in the account's group order
        Map<String, Integer> groupOrder = new HashMap<>();
        groups.forEach(g -> groupOrder.putIfAbsent(g.id(), groupOrder.size()));
        Comparator<Membership> inGroupOrder = Comparator.comparing(m -> groupOrder.getOrDefault(m.groupId(), Integer.MAX_VALUE));

        // what the lists and memory tell; the rest is read in detail, in parallel
        SignUser[] result = new SignUser[users.size()];
        long oldestKnown = now.toEpochMilli();
        List<CompletableFuture<Void>> details = new ArrayList<>();
        List<SignUserFact> learned = Collections.synchronizedList(new ArrayList<>());
        List<String> drifted = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < users.size(); i++) {
            Listed u = users.get(i);
            List<Seen> seen = memberships.getOrDefault(u.id(), List.of());
            SignUserFact fact = known.get(u.id());
            SignUserFact fresh = fact != null && !fact.due(now, window) ? fact : null;
            String status = u.status() != null ? u.status() : fresh != null ? fresh.status() : null;
            String primary = primaryFromLists(seen);
            if (primary == null && fresh != null && (seen.isEmpty() || contains(seen, fresh.primaryGroupId()))) {
                primary = fresh.primaryGroupId();
            }
            if (status != null && primary != null) {
                if (fresh != null && (u.status() == null || primaryFromLists(seen) == null)) {
                    oldestKnown = Math.min(oldestKnown, fresh.checkedAtMillis());
                }
                result[i] = user(u, status, seen, primary, groupsById, inGroupOrder);
                continue;
            }
            int at = i;
            details.add(CompletableFuture.runAsync(() -> {
                JsonNode detail = client.get("users/" + u.id());
                String readStatus = detail.path("status").asText(SignUser.ACTIVE);
                String readPrimary = detail.path("primaryGroupId").asText(null);
                SignUserFact read = new SignUserFact(u.id(), readStatus, readPrimary, now);
                learned.add(read);
                if (fact != null) {
                    drift(u.email(), fact, read, groupsById).ifPresent(drifted::add);
                }
                result[at] = user(u, readStatus, seen, readPrimary, groupsById, inGroupOrder);
            }, executor));
        }
        awaitAll(details);
        List<String> driftedSorted = new ArrayList<>(drifted);
        Collections.sort(driftedSorted);
        return new Read(new SignOrgState(client.org(), List.of(result), groups, lastUserPage), List.copyOf(learned),
                driftedSorted, details.size(), oldestKnown);
    }

    /**
     * The primary group the member lists tell: the membership a richer list marks primary, or the only one. Null when
     * the lists cannot tell (several groups and no marks, or none).
     */
    private static String primaryFromLists(List<Seen> seen) {
        for (Seen s : seen) {
            if (Boolean.TRUE.equals(s.primary())) {
                return s.groupId();
            }
        }
        return seen.size() == 1 ? seen.get(0).groupId() : null;
    }

    private static boolean contains(List<Seen> seen, String groupId) {
        return seen.stream().anyMatch(s -> s.groupId().equals(groupId));
    }

    private static SignUser user(Listed u, String status, List<Seen> seen, String primaryId,
                                 Map<String, SignGroup> groups, Comparator<Membership> order) {
        List<Membership> out = new ArrayList<>(seen.size() + 1);
        for (Seen s : seen) {
            out.add(new Membership(s.groupId(), s.groupName(), s.groupAdmin(), s.groupId().equals(primaryId)));
        }
        if (primaryId != null && !contains(seen, primaryId) && groups.containsKey(primaryId)) {
            // a user the member lists leave out (as Sign may an inactive one) is still in their primary group
            out.add(new Membership(primaryId, groups.get(primaryId).name(), false, true));
        }
        if (out.size() > 1) {
            out.sort(order);
        }
        return new SignUser(u.id(), u.email(), u.firstName(), u.lastName(), u.company(), u.accountAdmin(), status,
                List.copyOf(out));
    }

    /** What a re-check shows changed in Sign since Roster last knew the user. */
    private static Optional<String> drift(String email, SignUserFact before, SignUserFact after,
                                                    Map<String, SignGroup> groups) {
        List<String> what = new ArrayList<>();
        if (!before.status().equalsIgnoreCase(after.status())) {
            what.add("status " + before.status() + " → " + after.status());
        }
        if (!Objects.equals(before.primaryGroupId(), after.primaryGroupId())) {
            what.add("primary group " + groupName(before.primaryGroupId(), groups) + " → "
                    + groupName(after.primaryGroupId(), groups));
        }
        return what.isEmpty() ? Optional.empty() : Optional.of(email + ": " + String.join(", ", what));
    }

    private static String groupName(String id, Map<String, SignGroup> groups) {
        SignGroup g = id == null ? null : groups.get(id);
        return g != null ? g.name() : id == null ? "(none)" : id;
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Waits for every call, even after one failed, so none is still calling when the read gives up. */
    private static void awaitAll(List<CompletableFuture<Void>> calls) {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
