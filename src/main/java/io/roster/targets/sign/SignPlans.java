package io.roster.targets.sign;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
import io.roster.plan.SignAction;
import io.roster.plan.SignPlan;
import io.roster.plan.SignPlanner;
import io.roster.plan.SignSyncRules;
import io.roster.plan.UserManagementRule;
import io.roster.state.Plans;
import io.roster.targets.StoredPlans;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Sign job's plans ({@link StoredPlans}): every change with the person, the account, before → after, and why — the
 * source record, the rules that matched (their place in the job file), what Sign held. The job's holds, its admins'
 * rejections and sign_only_limit still apply to what an apply leaves.
 */
@ApplicationScoped
public class SignPlans {

    private final StoredPlans stored;

    public SignPlans(StoredPlans stored) {
        this.stored = stored;
    }

    /** Keeps a dry run's plan with the run's id; {@code applied}: what would go ahead (the rest a hold keeps waiting). */
    public void store(SignPlan planned, SignPlan applied, MappedPeople people, SignSyncRules rules, TargetRun run) {
        Map<String, Person> byKey = new HashMap<>();
        people.people().forEach(p -> byKey.put(p.key(), p));
        Set<String> going = new HashSet<>();
        applied.actions().forEach(a -> going.add(a.fingerprint()));
        List<Plans.Planned> changes = new ArrayList<>();
        List<SignAction> all = new ArrayList<>(planned.actions());
        all.addAll(planned.overLimit());
        for (SignAction a : all) {
            changes.add(new Plans.Planned(a.target(), a.key(), a.email(), a.reportName(), a.fingerprint(), a.detail(),
                    a.before(), a.after(), why(a, byKey.get(a.key()), rules), !going.contains(a.fingerprint())));
        }
        stored.keep(run, changes);
    }

    /** Why a change is planned: its source record and the rules that matched, or that it is Sign-only; what Sign held. */
    static String why(SignAction a, Person p, SignSyncRules rules) {
        String had = a.before().isEmpty() ? "Sign had no such user"
                : "Sign had " + a.before().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
        if (p == null) {
            return "Sign-only: in Sign but not among the source's people (users: " + rules.scope() + "),"
                    + " sign_only_user_action: " + rules.signOnlyAction().name().toLowerCase(Locale.ROOT) + "; " + had;
        }
        List<UserManagementRule> matched = SignPlanner.matching(p, a.org(), rules);
        return "source: " + p.rows() + "; " + (matched.isEmpty() ? "no rule gives a group or role (the account's default)"
                : matched.stream().map(UserManagementRule::describe).collect(Collectors.joining(", "))) + "; " + had;
    }

    /**
     * The stored plan's changes that are still exactly what it said, out of what this run plans now: only those are
     * applied ({@link StoredPlans#narrow}).
     */
    public SignPlan narrow(SignPlan planned, String planId, TargetRun run) {
        Plans.Plan plan = stored.open(planId, run);
        Set<String> now = new HashSet<>();
        planned.actions().forEach(a -> now.add(a.fingerprint()));
        planned.overLimit().forEach(a -> now.add(a.fingerprint()));
        Set<String> applied = stored.narrow(plan, now, run);
        List<SignAction> go = planned.actions().stream().filter(a -> applied.contains(a.fingerprint())).toList();
        List<SignAction> overLimit = planned.overLimit().stream().filter(a -> applied.contains(a.fingerprint())).toList();
        // only the groups the applied changes need; holds, rejections and sign_only_limit still apply (SignHolds)
        Set<String> needed = new HashSet<>();
        go.forEach(a -> a.groups().forEach(g -> needed.add(a.org() + "\u0000" + g.groupName())));
        overLimit.forEach(a -> a.groups().forEach(g -> needed.add(a.org() + "\u0000" + g.groupName())));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        planned.groupsToCreate().forEach((org, names) -> names.stream().filter(n -> needed.contains(org + "\u0000" + n))
                .forEach(n -> groups.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(n)));
        return new SignPlan(go, groups, planned.unchanged(), planned.skipped(), planned.warnings(), planned.blocked(),
                overLimit);
    }
}
